#include <gtest/gtest.h>

#include <kiln/sdk/generator.hpp>
#include <kiln/support/build_args.hpp>

using namespace kiln::support;

TEST(BuildArgs, Names) {
  EXPECT_TRUE(is_build_arg_name("NODE_ENV"));
  EXPECT_TRUE(is_build_arg_name("_x1"));
  EXPECT_FALSE(is_build_arg_name(""));
  EXPECT_FALSE(is_build_arg_name("1X"));
  EXPECT_FALSE(is_build_arg_name("A-B"));
  EXPECT_FALSE(is_build_arg_name("A B"));
  EXPECT_FALSE(is_build_arg_name("A=B"));
}

TEST(BuildArgs, SplitsListItems) {
  auto pair = split_build_arg("VERSION=1.2=3");
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->first, "VERSION");
  EXPECT_EQ(pair->second, "1.2=3");
  auto empty = split_build_arg("EMPTY=");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->second, "");
  EXPECT_FALSE(split_build_arg("FROM_ENVIRONMENT"));
}

TEST(BuildArgs, CheckRefusesBadNamesAndHugeValues) {
  EXPECT_NO_THROW(check_build_args({{"A", "1"}, {"B_2", ""}}, "build_args"));
  EXPECT_THROW(check_build_args({{"bad name", "1"}}, "build_args"), kiln::sdk::BuildpackError);
  EXPECT_THROW(check_build_args({{"A", std::string(10000, 'x')}}, "build_args"), kiln::sdk::BuildpackError);
}
