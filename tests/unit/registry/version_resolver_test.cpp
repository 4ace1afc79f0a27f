#include "registry/version_resolver.hpp"

#include <gtest/gtest.h>

#include "plugins/buildpack_descriptor.hpp"

namespace kiln::registry {
namespace {

IndexEntry lua(const std::string& version, bool yanked = false) {
  IndexEntry e;
  e.id = "com.acme.deno", e.version = version, e.kind = "lua", e.api = supported_api("lua").newest, e.yanked = yanked;
  e.sha256 = std::string(64, 'a');
  return e;
}

const ResolveHost kHost{"linux-x86_64-gnu"};

TEST(VersionResolver, TakesTheHighestVersionInTheRange) {
  std::vector<IndexEntry> index{lua("1.0.0"), lua("1.4.2"), lua("1.10.0"), lua("2.0.0")};
  auto got = resolve_version(index, {"com.acme.deno", "^1.2"}, kHost);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->version, "1.10.0");
  EXPECT_EQ(resolve_version(index, {"com.acme.deno", "*"}, kHost)->version, "2.0.0");
}

TEST(VersionResolver, PassesOverYankedVersionsUnlessAskedExactly) {
  std::vector<IndexEntry> index{lua("1.2.0"), lua("1.3.0", true)};
  EXPECT_EQ(resolve_version(index, {"com.acme.deno", "^1"}, kHost)->version, "1.2.0");
  EXPECT_EQ(resolve_version(index, {"com.acme.deno", "1.3.0"}, kHost)->version, "1.3.0");
  auto none = resolve_version(index, {"com.acme.deno", "~1.3"}, kHost);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("com.acme.deno@1.3.0 is yanked"), std::string::npos) << none.error().message;
}

TEST(VersionResolver, RefusesAnApiThisKilnDoesNotSpeak) {
  auto future = lua("3.0.0");
  future.api = supported_api("lua").newest + 1;
  auto got = resolve_version({future}, {"com.acme.deno", "^3"}, kHost);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("com.acme.deno@3.0.0 needs lua API"), std::string::npos) << got.error().message;
}

TEST(VersionResolver, RefusesANativePackageOfAnotherPlatform) {
  IndexEntry native = lua("1.0.0");
  native.kind = "native", native.api = supported_api("native").newest, native.platform = "linux-aarch64-gnu";
  auto got = resolve_version({native}, {"com.acme.deno", "1.0.0"}, kHost);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("built for linux-aarch64-gnu, this is linux-x86_64-gnu"), std::string::npos);
  native.platform = kHost.platform;
  EXPECT_TRUE(resolve_version({native}, {"com.acme.deno", "1.0.0"}, kHost));
}

TEST(VersionResolver, SaysWhatTheRegistryHasWhenNothingMatches) {
  auto got = resolve_version({lua("1.0.0"), lua("1.1.0")}, {"com.acme.deno", "^2"}, kHost);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "com.acme.deno@^2: no version satisfies the range (the registry has 1.0.0 1.1.0)");
}

TEST(PackageRequest, ReadsIdAndRange) {
  auto bare = parse_package_request("com.acme.deno");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->range, "*");
  auto ranged = parse_package_request("com.acme.deno@>=1.2 <2");
  ASSERT_TRUE(ranged);
  EXPECT_EQ(ranged->id, "com.acme.deno");
  EXPECT_EQ(ranged->range, ">=1.2 <2");
  EXPECT_FALSE(parse_package_request("deno@1"));
  EXPECT_FALSE(parse_package_request("com.acme.deno@not-a-range"));
  EXPECT_TRUE(is_exact_version("1.2.3"));
  EXPECT_TRUE(is_exact_version("=1.2.3"));
  EXPECT_FALSE(is_exact_version("^1.2.3"));
}

TEST(VersionResolver, ResolvesAmongTenThousandVersionsQuickly) {
  std::vector<IndexEntry> index;
  for (int major = 0; major < 100; ++major)
    for (int minor = 0; minor < 100; ++minor) index.push_back(lua(std::to_string(major) + "." + std::to_string(minor) + ".0"));
  auto got = resolve_version(index, {"com.acme.deno", "^42.1"}, kHost);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->version, "42.99.0");
}

}  // namespace
}  // namespace kiln::registry
