// kiln.buildpack's declared identity (language, package manager, evidence
// files) and the small readers it comes with: kiln.manifest, kiln.first_key,
// kiln.port_hint and kiln.port_in.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::buildpack_error;
using testing::load_lua;
using testing::TempDir;

// A buildpack that says only its facts: shard.yml is its manifest, shard.lock
// optional evidence; the framework is the first known dependency.
constexpr const char* kSpecScript = R"lua(
return kiln.buildpack{
  id = "test.spec", version = "1.0.0",
  language = "crystal",
  package_manager = function(facts) return facts.locked and "shards" or nil end,
  evidence = {"shard.yml", "shard.lock"},
  inspect = function(tree)
    local shard = kiln.manifest(tree, "shard.yml")
    if shard == nil then return nil end
    return {framework = kiln.first_key({"lucky", "kemal"}, shard.dependencies), locked = tree:exists("shard.lock"),
            evidence = {"src/app.cr"}, port = kiln.port_in(tree, "src/**/*.cr") or 3000}
  end,
  plan = function(facts) return {build_image = kiln.runtime("base"), start = {"/app/app"}, port = facts.port} end,
  missing = "no shard.yml",
})lua";

struct SpecApp {
  TempDir dir;
  std::shared_ptr<LuaBuildpack> buildpack;
  SpecApp() { buildpack = load_lua(dir.write("bp/buildpack.lua", kSpecScript)); }
  LocalSourceTree tree() {
    auto tree = LocalSourceTree::open(dir.path() / "app");
    if (!tree.ok()) throw std::runtime_error(tree.error().message);
    return std::move(tree).value();
  }
};

TEST(LuaKilnBuildpackSpec, TheDetectionAndThePlanGetTheDeclaredIdentity) {
  SpecApp app;
  app.dir.write("app/shard.yml", "name: app\ndependencies:\n  kemal:\n    github: kemalcr/kemal\n");
  app.dir.write("app/shard.lock", "version: 2.0\n");
  app.dir.write("app/src/app.cr", "port = ENV[\"PORT\"]? || \"4567\"\n");
  ASSERT_TRUE(app.buildpack);
  auto tree = app.tree();
  auto detection = app.buildpack->detect(tree);
  EXPECT_TRUE(detection.pass);
  EXPECT_EQ(detection.score, 80);
  EXPECT_EQ(detection.language, "crystal");
  EXPECT_EQ(detection.framework, "kemal");
  EXPECT_EQ(detection.package_manager, "shards");
  EXPECT_THAT(detection.evidence, ElementsAre("shard.yml", "shard.lock", "src/app.cr"));
  auto plan = app.buildpack->generate(tree, detection, {});
  EXPECT_EQ(plan.language, "crystal");
  EXPECT_EQ(plan.framework, "kemal");
  EXPECT_EQ(plan.package_manager, "shards");
  EXPECT_EQ(plan.port, 4567);
}

TEST(LuaKilnBuildpackSpec, OptionalEvidenceAndAFunctionOfTheFactsMayBeAbsent) {
  SpecApp app;
  app.dir.write("app/shard.yml", "name: app\n");
  ASSERT_TRUE(app.buildpack);
  auto tree = app.tree();
  auto detection = app.buildpack->detect(tree);
  EXPECT_THAT(detection.evidence, ElementsAre("shard.yml", "src/app.cr"));
  EXPECT_FALSE(detection.framework);
  EXPECT_FALSE(detection.package_manager);
  EXPECT_EQ(app.buildpack->generate(tree, detection, {}).port, 3000);
}

TEST(LuaKilnBuildpackSpec, AManifestThatCannotBeParsedIsAnErrorNamingIt) {
  SpecApp app;
  app.dir.write("app/shard.yml", "name: [app\n");
  ASSERT_TRUE(app.buildpack);
  auto tree = app.tree();
  EXPECT_THAT(buildpack_error([&] { app.buildpack->detect(tree); }), HasSubstr("shard.yml"));
}

TEST(LuaKilnBuildpackSpec, PortHintTakesTheAppsPatternFirstAndOnlyRealPorts) {
  TempDir dir;
  auto script = dir.write("bp/buildpack.lua", R"lua(
return {id = "test.ports", version = "1.0.0", api = 1,
  detect = function(tree)
    return {score = 1, language = "x", facts = {
      near = kiln.port_hint('const port = process.env["PORT"] || 8080'),
      own = kiln.port_hint('getEnv("PORT") orelse dupe(u8, "80")', 'dupe%(u8,%s*"(%d+)"'),
      too_big = kiln.port_hint('"PORT" 99999') == nil,
      none = kiln.port_hint("no port here") == nil,
      not_text = kiln.port_hint(nil) == nil,
      first = kiln.first_key({"a", "b"}, {b = 1, a = 2}),
      no_map = kiln.first_key({"a"}, "a") == nil}}
  end,
  generate = function() return {} end})lua");
  dir.write("app/.keep", "");
  auto buildpack = load_lua(script);
  ASSERT_TRUE(buildpack);
  auto tree = LocalSourceTree::open(dir.path() / "app");
  auto facts = buildpack->detect(tree.value()).facts;
  EXPECT_EQ(facts["near"], 8080);
  EXPECT_EQ(facts["own"], 80);
  EXPECT_EQ(facts["too_big"], true);
  EXPECT_EQ(facts["none"], true);
  EXPECT_EQ(facts["not_text"], true);
  EXPECT_EQ(facts["first"], "a");
  EXPECT_EQ(facts["no_map"], true);
}

}  // namespace
}  // namespace kiln
