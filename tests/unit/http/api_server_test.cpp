#include "http/api_server.hpp"

#include <gtest/gtest.h>

#include <limits>

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

TEST(ApiResponse, AnErrorIsSentWithItsCodesStatusAndName) {
  httplib::Response response;
  send_error(response, Error{ErrorCode::QueueFull, "the queue is full"});
  EXPECT_EQ(response.status, 429);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "queue_full");
  EXPECT_EQ(body["error"]["message"], "the queue is full");

  send_error(response, Error{ErrorCode::StorageFailed, "disk full"});
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "storage_failed");
}

TEST(ApiResponse, ABoundedIntegerIsAWholeNumberInItsRange) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(*bounded_integer("0", "n", 0, max), 0);
  EXPECT_EQ(*bounded_integer("9223372036854775807", "n", 0, max), max);
  for (const char* bad : {"", "9223372036854775808", "-1", " 5", "+5", "5 ", "5.0", "0x10", "abc"}) {
    auto parsed = bounded_integer(bad, "Last-Event-ID", 0, max);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::InvalidRequest) << bad;
    EXPECT_NE(parsed.error().message.find("'Last-Event-ID' must be a whole number"), std::string::npos);
  }
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
