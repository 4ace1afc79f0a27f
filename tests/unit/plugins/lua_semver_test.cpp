// sdk/semver.hpp, which native buildpacks use directly and scripts use as kiln.semver.
#include <kiln/sdk/semver.hpp>

#include <gtest/gtest.h>

namespace kiln {
namespace {

namespace semver = sdk::semver;

TEST(LuaSemver, ParsesFullAndPartialVersions) {
  auto v = semver::parse("v1.22.3-rc.1+build.5");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 1u);
  EXPECT_EQ(v->minor, 22u);
  EXPECT_EQ(v->patch, 3u);
  EXPECT_EQ(v->prerelease, "rc.1");
  EXPECT_EQ(semver::to_string(*semver::parse("3.2")), "3.2.0");
  EXPECT_EQ(semver::to_string(*semver::parse(" 7 ")), "7.0.0");
  for (const char* bad : {"", "x", "1.", "1..2", "1.2.3.4", "1.2.3-", "1.2.3-a..b", "1.x", "-1.0.0", "1.2.3 4",
                          "1234567890123456789.0.0"})
    EXPECT_FALSE(semver::parse(bad)) << bad;
}

TEST(LuaSemver, OrdersByPrecedence) {
  auto order = [](const char* a, const char* b) { return semver::compare(*semver::parse(a), *semver::parse(b)); };
  EXPECT_EQ(order("1.2.3", "1.2.3"), 0);
  EXPECT_EQ(order("1.2.3", "1.10.0"), -1);
  EXPECT_EQ(order("2.0.0", "1.99.99"), 1);
  EXPECT_EQ(order("1.0.0-rc.1", "1.0.0"), -1);
  EXPECT_EQ(order("1.0.0-alpha", "1.0.0-alpha.1"), -1);
  EXPECT_EQ(order("1.0.0-alpha.1", "1.0.0-alpha.beta"), -1);  // numeric ranks below alphanumeric
  EXPECT_EQ(order("1.0.0-beta.11", "1.0.0-beta.2"), 1);       // numerically, not as text
  EXPECT_EQ(order("1.0.0+a", "1.0.0+b"), 0);                  // build metadata is ignored
}

bool in(const char* version, const char* range) {
  auto verdict = semver::satisfies(version, range);
  EXPECT_TRUE(verdict.has_value()) << version << " in " << range;
  return verdict.value_or(false);
}

TEST(LuaSemver, ComparisonRanges) {
  EXPECT_TRUE(in("1.2.0", ">=1.2"));
  EXPECT_FALSE(in("1.1.9", ">=1.2"));
  EXPECT_FALSE(in("1.2.9", ">1.2"));  // >1.2 means >=1.3.0
  EXPECT_TRUE(in("1.3.0", ">1.2"));
  EXPECT_TRUE(in("1.2.9", "<=1.2"));
  EXPECT_FALSE(in("1.3.0", "<=1.2"));
  EXPECT_TRUE(in("1.9.9", "<2"));
  EXPECT_TRUE(in("1.5.0", ">= 1.2, < 2.0"));
  EXPECT_FALSE(in("2.0.0", ">=1.2 <2.0"));
}

TEST(LuaSemver, CaretTildeAndPessimistic) {
  EXPECT_TRUE(in("2.9.1", "^2.0.0"));
  EXPECT_FALSE(in("3.0.0", "^2.0.0"));
  EXPECT_FALSE(in("1.9.0", "^2.0.0"));
  EXPECT_TRUE(in("0.2.9", "^0.2.3"));
  EXPECT_FALSE(in("0.3.0", "^0.2.3"));
  EXPECT_FALSE(in("0.0.4", "^0.0.3"));
  EXPECT_TRUE(in("0.0.9", "^0.0"));
  EXPECT_TRUE(in("1.4.7", "~1.4"));
  EXPECT_FALSE(in("1.5.0", "~1.4"));
  EXPECT_TRUE(in("1.9.0", "~1"));
  EXPECT_TRUE(in("1.9.0", "~> 1.4"));
  EXPECT_FALSE(in("2.0.0", "~> 1.4"));
  EXPECT_TRUE(in("1.4.9", "~>1.4.2"));
  EXPECT_FALSE(in("1.5.0", "~>1.4.2"));
}

TEST(LuaSemver, ExactWildcardsAndAlternatives) {
  EXPECT_TRUE(in("1.2.3", "1.2.3"));
  EXPECT_FALSE(in("1.2.4", "=1.2.3"));
  EXPECT_TRUE(in("1.7.0", "1.x"));
  EXPECT_FALSE(in("2.0.0", "1.x"));
  EXPECT_TRUE(in("1.2.8", "1.2.x"));
  EXPECT_TRUE(in("1.2.8", "1.2"));
  EXPECT_TRUE(in("9.9.9", "*"));
  EXPECT_TRUE(in("9.9.9", ""));
  EXPECT_TRUE(in("3.1.0", "^2.0 || ^3.0"));
  EXPECT_TRUE(in("3.1.0", "^2.0|^3.0"));
  EXPECT_FALSE(in("4.0.0", "^2.0 || ^3.0"));
}

TEST(LuaSemver, UnreadableRangesAreNotFalse) {
  EXPECT_FALSE(semver::satisfies("1.0.0", "banana"));
  EXPECT_FALSE(semver::satisfies("1.0.0", ">=1.0.0foo"));
  EXPECT_FALSE(semver::satisfies("1.0.0", "1.x.3"));
  EXPECT_FALSE(semver::satisfies("one", ">=1"));
}

}  // namespace
}  // namespace kiln
