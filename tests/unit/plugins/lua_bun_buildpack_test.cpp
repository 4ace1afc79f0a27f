// plugins/bun/buildpack.lua, through the Lua host: Bun the runtime versus bun the installer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::ElementsAre;

using Strings = std::vector<std::string>;

class LuaBunBuildpack : public testing::BundledLuaBuildpackTest {
 protected:
  LuaBunBuildpack() : BundledLuaBuildpackTest("bun") {}
};

TEST_F(LuaBunBuildpack, ALockfileAloneIsBunAsInstallerBelowNode) {
  // kiln.node scores a runnable package.json 70 or more; bun as installer must stay under it.
  auto detection = detect(app("node-hono-bun-lock"));
  ASSERT_TRUE(detection.pass);
  EXPECT_EQ(detection.score, 40);
  EXPECT_THAT(detection.evidence, ElementsAre("package.json", "bun.lock"));
}

TEST_F(LuaBunBuildpack, ScriptsThatRunFilesWithBunAreTheRuntime) {
  dir_.write("package.json", R"({"scripts": {"build": "bun run build:css", "start": "bun ./server.ts"}})");
  dir_.write("server.ts", "export default { fetch() { return new Response('hi') } }");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.score, 88);
  EXPECT_THAT(detection.evidence, ElementsAre("package.json", "package.json scripts.start"));
  auto p = plan(dir_.path());
  EXPECT_EQ(p.start.argv, (Strings{"bun", "run", "start"}));
  // A build needs dev dependencies; the run image gets production ones only.
  ASSERT_EQ(p.phases.size(), 2u);
  EXPECT_EQ(p.phases[0].commands, Strings{"bun install"});
  EXPECT_EQ(p.phases[1].commands, (Strings{"bun run build", "rm -rf node_modules && bun install --production"}));
}

TEST_F(LuaBunBuildpack, RunningScriptsOrBinariesWithBunIsNotTheRuntime) {
  dir_.write("package.json", R"({"scripts": {"build": "bun run tsc", "start": "node dist/index.js", "test": "bun test"}})");
  EXPECT_FALSE(detect(dir_.path()).pass);
}

TEST_F(LuaBunBuildpack, ModuleFieldNamingJsForATsSource) {
  auto p = plan(app("bun-elysia"));
  EXPECT_EQ(p.start.argv, (Strings{"bun", "run", "src/index.ts"}));
  EXPECT_EQ(p.port, 3000);
}

TEST_F(LuaBunBuildpack, NoPackageJsonButBunApis) {
  dir_.write("index.ts", "Bun.serve({ port: 4000, fetch() { return new Response('ok') } });");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.score, 45);
  EXPECT_FALSE(detection.package_manager.has_value());
  auto p = plan(dir_.path());
  EXPECT_TRUE(p.phases.empty());
  EXPECT_EQ(p.start.argv, (Strings{"bun", "run", "index.ts"}));
  EXPECT_EQ(p.port, 4000);
}

TEST_F(LuaBunBuildpack, LifecycleScriptsInstallAfterTheSource) {
  dir_.write("package.json", R"({"scripts": {"postinstall": "bun scripts/gen.ts", "start": "bun src/main.ts"}})");
  dir_.write("bun.lock", "{}");
  auto p = plan(dir_.path());
  EXPECT_TRUE(p.phases.at(0).inputs.empty());
  EXPECT_EQ(p.phases.at(0).commands, Strings{"bun install --frozen-lockfile --production"});
}

TEST_F(LuaBunBuildpack, PlainNodeAppsAreNotBun) {
  EXPECT_FALSE(detect(app("node-express-npm")).pass);
}

}  // namespace
}  // namespace kiln
