#include "core/secret_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(SecretFile, DropsTheLineBreakAtTheEnd) {
  testing::TempDir dir;
  EXPECT_EQ(*read_secret_file(dir.write("pw", "s3cret\n").string(), "--registry-password-file"), "s3cret");
  EXPECT_EQ(*read_secret_file(dir.write("crlf", "s3cret\r\n").string(), "--registry-password-file"), "s3cret");
  EXPECT_EQ(*read_secret_file(dir.write("bare", "s3 cret").string(), "--registry-password-file"), "s3 cret");
}

TEST(SecretFile, RefusesMissingEmptyOrManyLinesWithoutEchoingTheContent) {
  testing::TempDir dir;
  auto missing = read_secret_file((dir.path() / "none").string(), "--registry-password-file");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("--registry-password-file"));
  EXPECT_FALSE(read_secret_file(dir.write("empty", "\n").string(), "x").ok());
  auto two = read_secret_file(dir.write("two", "first-secret\nsecond\n").string(), "x");
  ASSERT_FALSE(two.ok());
  EXPECT_THAT(two.error().message, Not(HasSubstr("first-secret")));
  EXPECT_FALSE(read_secret_file(dir.path().string(), "x").ok());  // a folder
}

}  // namespace
}  // namespace kiln
