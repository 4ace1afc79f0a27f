#include "http/api_server.hpp"

#include <gtest/gtest.h>

#include "http/api_response.hpp"
#include "http/routes.hpp"

namespace kiln::http {
namespace {

TEST(BearerToken, AcceptsOnlyAConfiguredTokenInFull) {
  std::vector<std::string> tokens{"token-one-0123456789", "token-two-0123456789"};
  EXPECT_TRUE(bearer_token_accepted("Bearer token-two-0123456789", tokens));
  EXPECT_FALSE(bearer_token_accepted("Bearer token-two-012345678", tokens));
  EXPECT_FALSE(bearer_token_accepted("Bearer token-two-01234567890", tokens));
  EXPECT_FALSE(bearer_token_accepted("token-two-0123456789", tokens));
  EXPECT_FALSE(bearer_token_accepted("Basic dG9rZW4=", tokens));
  EXPECT_FALSE(bearer_token_accepted("", tokens));
}

TEST(ApiResponse, ErrorCodesMapToStatuses) {
  EXPECT_EQ(http_status_for("invalid_request"), 400);
  EXPECT_EQ(http_status_for("not_found"), 404);
  EXPECT_EQ(http_status_for("conflict"), 409);
  EXPECT_EQ(http_status_for("payload_too_large"), 413);
  EXPECT_EQ(http_status_for("queue_full"), 429);
  EXPECT_EQ(http_status_for("engine_unavailable"), 503);
  EXPECT_EQ(http_status_for("storage_error"), 500);
}

TEST(BuildIds, OnlyTheServicesShapeIsAccepted) {
  EXPECT_TRUE(is_build_id("b0123456789abcdef01234567"));
  EXPECT_FALSE(is_build_id("b0123456789abcdef0123456"));
  EXPECT_FALSE(is_build_id("B0123456789abcdef01234567"));
  EXPECT_FALSE(is_build_id("b0123456789abcdef0123456/"));
  EXPECT_FALSE(is_build_id("../../etc/passwd"));
}

}  // namespace
}  // namespace kiln::http
