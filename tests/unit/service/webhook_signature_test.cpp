#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/webhook_signature.hpp"

namespace kiln::service {
namespace {

using ::testing::HasSubstr;

// GitHub's own example ("Validating webhook deliveries"), checked with `openssl dgst -sha256 -hmac`.
constexpr const char* kSecret = "It's a Secret to Everybody";
constexpr const char* kBody = "Hello, World!";
constexpr const char* kSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(WebhookSignature, GithubsExampleVerifies) {
  EXPECT_EQ(hmac_sha256_header(kSecret, kBody), kSignature);
  EXPECT_TRUE(check_hmac_signature("X-Hub-Signature-256", kSignature, kSecret, kBody).ok());
  // Hex digits in upper case are the same signature.
  std::string upper = kSignature;
  for (std::size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(check_hmac_signature("X-Hub-Signature-256", upper, kSecret, kBody).ok());
}

TEST(WebhookSignature, AnyChangeIsRefused) {
  auto other_body = check_hmac_signature("X-Hub-Signature-256", kSignature, kSecret, "Hello, World?");
  ASSERT_FALSE(other_body.ok());
  EXPECT_EQ(other_body.error().code, ErrorCode::Unauthorized);
  EXPECT_THAT(other_body.error().message, HasSubstr("does not match"));
  EXPECT_FALSE(check_hmac_signature("X-Hub-Signature-256", kSignature, "another secret", kBody).ok());
  std::string flipped = kSignature;
  flipped.back() = '6';
  EXPECT_FALSE(check_hmac_signature("X-Hub-Signature-256", flipped, kSecret, kBody).ok());
}

TEST(WebhookSignature, MalformedHeadersSayWhatIsWrong) {
  auto missing = check_hmac_signature("X-Hub-Signature-256", "", kSecret, kBody);
  EXPECT_THAT(missing.error().message, HasSubstr("missing"));
  auto sha1 = check_hmac_signature("X-Hub-Signature-256", "sha1=0123456789012345678901234567890123456789", kSecret, kBody);
  EXPECT_THAT(sha1.error().message, HasSubstr("must start with 'sha256='"));
  auto short_one = check_hmac_signature("X-Hub-Signature-256", std::string(kSignature).substr(0, 40), kSecret, kBody);
  ASSERT_FALSE(short_one.ok());
  EXPECT_THAT(short_one.error().message, HasSubstr("64 hex digits"));
  auto long_one = check_hmac_signature("X-Hub-Signature-256", std::string(kSignature) + "00", kSecret, kBody);
  EXPECT_THAT(long_one.error().message, HasSubstr("not 66"));
  std::string not_hex = kSignature;
  not_hex[10] = 'z';
  EXPECT_THAT(check_hmac_signature("X-Hub-Signature-256", not_hex, kSecret, kBody).error().message, HasSubstr("not a hex digit"));
}

TEST(WebhookSignature, SharedTokenMustBeEqual) {
  EXPECT_TRUE(check_shared_token("X-Gitlab-Token", "a-token-of-twenty-chars", "a-token-of-twenty-chars").ok());
  EXPECT_FALSE(check_shared_token("X-Gitlab-Token", "a-token-of-twenty-char", "a-token-of-twenty-chars").ok());
  EXPECT_FALSE(check_shared_token("X-Gitlab-Token", "a-token-of-twenty-charsX", "a-token-of-twenty-chars").ok());
  EXPECT_THAT(check_shared_token("X-Gitlab-Token", "", "a-token-of-twenty-chars").error().message, HasSubstr("missing"));
}

}  // namespace
}  // namespace kiln::service
