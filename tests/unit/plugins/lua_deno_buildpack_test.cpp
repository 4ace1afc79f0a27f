// plugins/deno/buildpack.lua, through the Lua host: what decides Deno, and how it starts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class LuaDenoBuildpack : public testing::BundledLuaBuildpackTest {
 protected:
  LuaDenoBuildpack() : BundledLuaBuildpackTest("deno") {}
};

TEST_F(LuaDenoBuildpack, JsoncWithCommentsAndTrailingCommas) {
  dir_.write("deno.jsonc", "{\n  // production\n  \"tasks\": {\"start\": \"deno run -A src/app.ts\",},\n  /* x */ \"imports\": {},\n}\n");
  dir_.write("src/app.ts", "Deno.serve({ port: 9000 }, () => new Response('hi'));");
  auto detection = detect(dir_.path());
  ASSERT_TRUE(detection.pass);
  EXPECT_EQ(detection.score, 88);
  EXPECT_THAT(detection.evidence, ElementsAre("deno.jsonc"));
  auto p = plan(dir_.path());
  EXPECT_EQ(p.start.argv, (std::vector<std::string>{"deno", "task", "start"}));
  // The start task names the entry, whose own port wins over Deno's 8000.
  EXPECT_EQ(p.port, 9000);
  EXPECT_THAT(p.phases.back().commands, ElementsAre("deno install --entrypoint src/app.ts"));
  EXPECT_EQ(p.env.at("DENO_DIR"), "/app/.deno-dir");
}

TEST_F(LuaDenoBuildpack, AWatchModeStartTaskIsNotAProductionStart) {
  dir_.write("deno.json", R"({"tasks": {"start": "deno run -A --watch main.ts"}})");
  dir_.write("main.ts", "Deno.serve(() => new Response('hi'));");
  EXPECT_EQ(plan(dir_.path()).start.argv, (std::vector<std::string>{"deno", "run", "-A", "main.ts"}));
}

TEST_F(LuaDenoBuildpack, ProcfileWins) {
  dir_.write("deno.json", R"({"tasks": {"start": "deno run -A main.ts"}})");
  dir_.write("main.ts", "Deno.serve(() => new Response('hi'));");
  dir_.write("Procfile", "web: deno run --allow-net main.ts\n");
  EXPECT_EQ(plan(dir_.path()).start.shell, "deno run --allow-net main.ts");
}

TEST_F(LuaDenoBuildpack, PackageJsonScriptsThatRunDenoAreDeno) {
  dir_.write("package.json", R"({"scripts": {"start": "deno run -A server.ts"}, "dependencies": {"express": "^4"}})");
  dir_.write("server.ts", "import express from 'express';");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.score, 88);
  EXPECT_THAT(detection.evidence, ElementsAre("package.json"));
  EXPECT_EQ(plan(dir_.path()).start.argv, (std::vector<std::string>{"deno", "task", "start"}));
}

TEST_F(LuaDenoBuildpack, AnEntryFileIsAWeakSignOnlyWhenItUsesDeno) {
  dir_.write("main.ts", "console.log('hello')");
  EXPECT_FALSE(detect(dir_.path()).pass);
  dir_.write("main.ts", "import { serve } from \"https://deno.land/std@0.200.0/http/server.ts\";\nserve(() => new Response('x'));");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.score, 45);
  EXPECT_THAT(detection.evidence, ElementsAre("main.ts"));
}

TEST_F(LuaDenoBuildpack, NodeAppsAreNotDeno) {
  EXPECT_FALSE(detect(app("node-express-npm")).pass);
  EXPECT_FALSE(detect(app("node-bun")).pass);
}

TEST_F(LuaDenoBuildpack, BrokenConfigIsAnError) {
  dir_.write("deno.json", "{\"tasks\": ");
  auto tree = LocalSourceTree::open(dir_.path());
  auto message = testing::buildpack_error([&] { buildpack_->detect(tree.value()); });
  EXPECT_THAT(message, HasSubstr("deno.json is not valid JSON(C)"));
}

}  // namespace
}  // namespace kiln
