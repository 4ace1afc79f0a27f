#include "core/quantity_parsing.hpp"

#include <gtest/gtest.h>

namespace kiln {
namespace {

TEST(OptionParsing, Sizes) {
  EXPECT_EQ(*parse_size("512m"), 512ll * 1024 * 1024);
  EXPECT_EQ(*parse_size("2g"), 2ll * 1024 * 1024 * 1024);
  EXPECT_EQ(*parse_size("1.5G"), 1610612736ll);
  EXPECT_EQ(*parse_size("4096"), 4096);
  EXPECT_FALSE(parse_size("lots").ok());
  EXPECT_FALSE(parse_size("2x").ok());
  EXPECT_FALSE(parse_size("-1g").ok());
}

TEST(OptionParsing, Durations) {
  EXPECT_EQ(parse_duration("10m")->count(), 600);
  EXPECT_EQ(parse_duration("90s")->count(), 90);
  EXPECT_EQ(parse_duration("1h")->count(), 3600);
  EXPECT_EQ(parse_duration("30")->count(), 30);
  EXPECT_FALSE(parse_duration("soon").ok());
}

TEST(OptionParsing, Assignments) {
  auto parsed = parse_assignments({"A=1", "B=x=y", "C="}, "--env");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->at("B"), "x=y");
  EXPECT_EQ(parsed->at("C"), "");
  auto bad = parse_assignments({"NOEQUALS"}, "--env");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("--env expects KEY=VALUE"), std::string::npos);
}

}  // namespace
}  // namespace kiln
