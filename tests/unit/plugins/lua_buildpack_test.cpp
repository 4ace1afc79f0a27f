#include "plugins/lua_buildpack.hpp"

#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <kiln/sdk/plugin.hpp>

#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::buildpack_error;
using testing::load_lua;
using testing::lua_fixture;
using testing::open_tree;
using testing::TempDir;

std::string load_error(const std::string& fixture) {
  auto loaded = LuaBuildpack::load(lua_fixture(fixture));
  EXPECT_FALSE(loaded.ok()) << fixture << " loaded";
  return loaded.ok() ? "" : loaded.error().message;
}

TEST(LuaBuildpack, LoadsTheDescriptor) {
  auto buildpack = load_lua(lua_fixture("good.lua"));
  ASSERT_TRUE(buildpack);
  EXPECT_EQ(buildpack->info().id, "test.good");
  EXPECT_EQ(buildpack->info().version, "1.2.3");
  EXPECT_EQ(buildpack->info().api, static_cast<int>(kLuaApiVersion));
  EXPECT_EQ(buildpack->info().priority, 5);
  EXPECT_EQ(buildpack->info().description, "says hello");
}

TEST(LuaBuildpack, DetectsAndGenerates) {
  auto buildpack = load_lua(lua_fixture("good.lua"));
  ASSERT_TRUE(buildpack);
  TempDir dir;
  dir.write("hello.txt", "hi there");
  dir.write("hello.json", R"({"framework": "greeter"})");
  auto tree = open_tree(dir);

  auto detection = buildpack->detect(tree);
  EXPECT_TRUE(detection.pass);
  EXPECT_EQ(detection.score, 40);
  EXPECT_EQ(detection.language, "text");
  EXPECT_EQ(detection.framework, "greeter");
  EXPECT_FALSE(detection.package_manager);
  EXPECT_EQ(detection.evidence, std::vector<std::string>{"hello.txt"});
  EXPECT_EQ(detection.facts["greeting"], "hi there");
  EXPECT_EQ(detection.facts["empty"], nlohmann::json::array());

  sdk::GenerateOptions options;
  options.extra = {{"flavour", "mint"}, {"target", "prod"}};
  auto plan = buildpack->generate(tree, detection, options);
  EXPECT_EQ(plan.buildpack, "test.good");
  EXPECT_EQ(plan.language, "text");  // taken from the detection
  EXPECT_EQ(plan.framework, "greeter");
  EXPECT_EQ(plan.build_image, "base");
  EXPECT_EQ(plan.env.at("GREETING"), "hi there");
  EXPECT_EQ(plan.env.at("TARGET"), "prod");
  EXPECT_EQ(plan.env.at("EXTRA"), "mint");
  EXPECT_TRUE(plan.build_env.empty());
  ASSERT_EQ(plan.phases.size(), 2u);
  EXPECT_EQ(plan.phases[0].inputs, std::vector<std::string>{"hello.txt"});
  EXPECT_EQ(plan.phases[1].commands, std::vector<std::string>{"echo 2 lines"});
  EXPECT_EQ(plan.start.argv, (std::vector<std::string>{"cat", "hello.txt"}));
  EXPECT_EQ(plan.port, 8080);
}

// kiln.buildpack: detect keeps the facts, generate plans from them, or inspects
// again when the detection came from elsewhere, and names what is missing.
TEST(LuaBuildpack, TheBuildpackHelperCarriesFactsOrInspectsAgain) {
  TempDir dir;
  auto script = dir.write("helper/buildpack.lua", R"(
    local inspections = 0
    local function inspect(tree)
      local text = tree:read("app.txt")
      if not text then return nil end
      inspections = inspections + 1
      return {text = text, procfile = kiln.procfile_start(tree), seen = kiln.add(kiln.add({"a"}, "b"), "a")}
    end
    return kiln.buildpack{
      id = "test.helper", version = "1.0.0", inspect = inspect, missing = "no app.txt",
      detection = function(facts, tree) return {score = 30, language = "text", evidence = {"app.txt"}} end,
      plan = function(facts, tree, options)
        return {build_image = "base", start = {"cat", facts.text}, env = {INSPECTIONS = tostring(inspections)}}
      end,
    })");
  auto buildpack = load_lua(script);
  ASSERT_TRUE(buildpack);
  dir.write("app/app.txt", "hello");
  dir.write("app/Procfile", "web: ./serve\n");
  auto tree = LocalSourceTree::open(dir.path() / "app");
  ASSERT_TRUE(tree.ok());

  auto detection = buildpack->detect(*tree);
  EXPECT_EQ(detection.score, 30);
  EXPECT_EQ(detection.facts["procfile"], "./serve");
  EXPECT_EQ(detection.facts["seen"], (nlohmann::json{"a", "b"}));
  EXPECT_EQ(detection.facts["inspected_by"], "test.helper");
  EXPECT_EQ(buildpack->generate(*tree, detection, {}).env.at("INSPECTIONS"), "1");  // the facts were used
  EXPECT_EQ(buildpack->generate(*tree, sdk::Detection{}, {}).env.at("INSPECTIONS"), "2");  // inspected again

  dir.write("empty/.keep", "");
  auto empty = LocalSourceTree::open(dir.path() / "empty");
  EXPECT_FALSE(buildpack->detect(*empty).pass);
  EXPECT_THAT(buildpack_error([&] { buildpack->generate(*empty, sdk::Detection{}, {}); }),
              HasSubstr("test.helper found no app.txt in empty"));
}

TEST(LuaBuildpack, ReturningNilMeansNoMatch) {
  auto buildpack = load_lua(lua_fixture("good.lua"));
  ASSERT_TRUE(buildpack);
  TempDir dir;
  auto tree = open_tree(dir);
  EXPECT_FALSE(buildpack->detect(tree).pass);
}

TEST(LuaBuildpack, SyntaxErrorNamesScriptAndLine) {
  auto message = load_error("syntax_error.lua");
  EXPECT_THAT(message, StartsWith(lua_fixture("syntax_error.lua").string() + ":3: "));
  EXPECT_THAT(message, HasSubstr("'}' expected"));
}

TEST(LuaBuildpack, WrongApiNamesBothVersions) {
  auto loaded = LuaBuildpack::load(lua_fixture("wrong_api.lua"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::InvalidBuildpack);
  EXPECT_THAT(loaded.error().message, HasSubstr("API 99"));
  EXPECT_THAT(loaded.error().message, HasSubstr("API " + std::to_string(kLuaApiVersion)));
  EXPECT_THAT(loaded.error().message, StartsWith(lua_fixture("wrong_api.lua").string() + ": "));
}

TEST(LuaBuildpack, RefusesIncompleteDescriptors) {
  EXPECT_THAT(load_error("missing_detect.lua"), HasSubstr("'detect' must be a function, got nil"));
  EXPECT_THAT(load_error("returns_string.lua"), HasSubstr("must return a table describing the buildpack, got string"));
  EXPECT_THAT(load_error("bad_id.lua"), HasSubstr("id 'Ruby Buildpack' is not reverse-DNS-ish"));
  EXPECT_THAT(load_error("no_such_script.lua"), HasSubstr("cannot read the buildpack script"));
}

TEST(LuaBuildpack, RefusesIllTypedFields) {
  TempDir dir;
  auto script = dir.write("buildpack.lua", R"(return {id = "test.types", version = 3, api = 1,
      detect = function() end, generate = function() end})");
  auto loaded = LuaBuildpack::load(script);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, script.string() + ": 'version' must be a string, got number");

  script = dir.write("buildpack.lua", R"(return {id = "test.types", version = "1.0.0", api = "1",
      detect = function() end, generate = function() end})");
  loaded = LuaBuildpack::load(script);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, HasSubstr("'api' must be an integer, got string"));
}

TEST(LuaBuildpack, LoadingRunHasABudget) {
  auto loaded = LuaBuildpack::load(lua_fixture("loops_while_loading.lua"), {.instruction_budget = 1'000'000});
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, StartsWith(lua_fixture("loops_while_loading.lua").string() + ":2: "));
  EXPECT_THAT(loaded.error().message, HasSubstr("instruction budget"));
}

TEST(LuaBuildpack, ScriptErrorsNameScriptAndLine) {
  auto buildpack = load_lua(lua_fixture("runtime_error.lua"));
  ASSERT_TRUE(buildpack);
  TempDir dir;
  dir.write("boom", "");
  auto tree = open_tree(dir);
  const auto script = lua_fixture("runtime_error.lua").string();
  EXPECT_EQ(buildpack_error([&] { buildpack->detect(tree); }),
            script + ":4: the boom file is not allowed");
  auto message = buildpack_error([&] { buildpack->generate(tree, sdk::Detection{}, {}); });
  EXPECT_THAT(message, StartsWith(script + ":7: "));
  EXPECT_THAT(message, HasSubstr("attempt to index"));
}

TEST(LuaBuildpack, KeepsWorkingAfterAnError) {
  auto buildpack = load_lua(lua_fixture("runtime_error.lua"));
  ASSERT_TRUE(buildpack);
  TempDir broken, fine;
  broken.write("boom", "");
  auto broken_tree = open_tree(broken);
  auto fine_tree = open_tree(fine);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(buildpack_error([&] { buildpack->detect(broken_tree); }), "");
    EXPECT_EQ(buildpack->detect(fine_tree).score, 10);
  }
}

TEST(LuaBuildpack, TreeHandleDoesNotOutliveItsCall) {
  auto buildpack = load_lua(lua_fixture("keeps_tree.lua"));
  ASSERT_TRUE(buildpack);
  TempDir dir;
  dir.write("hello.txt", "hi");
  auto tree = open_tree(dir);
  auto detection = buildpack->detect(tree);
  EXPECT_THAT(buildpack_error([&] { buildpack->generate(tree, detection, {}); }),
              HasSubstr("the source tree can only be used during the call that received it"));
}

TEST(LuaBuildpack, ConcurrentCallsTakeTurns) {
  auto buildpack = load_lua(lua_fixture("good.lua"));
  ASSERT_TRUE(buildpack);
  TempDir dir;
  dir.write("hello.txt", "hi");
  auto tree = open_tree(dir);
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto detection = buildpack->detect(tree);
        auto plan = buildpack->generate(tree, detection, {});
        if (detection.score == 40 && plan.env.at("GREETING") == "hi") ++good[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good, std::vector<int>(4, 50));
}

TEST(LuaBuildpack, LogAndPrintGoToStderrWithTheId) {
  TempDir dir;
  auto script = dir.write("buildpack.lua", R"(
    print("loading", 1)
    return {id = "test.chatty", version = "1.0.0", api = 1,
      detect = function(tree) kiln.log("seen", tree:name(), {}) print("and", nil) return nil end,
      generate = function() end})");
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  auto buildpack = load_lua(script);
  auto tree = open_tree(dir);
  if (buildpack) buildpack->detect(tree);
  auto out = ::testing::internal::GetCapturedStdout();
  auto err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out, "");
  EXPECT_THAT(err, HasSubstr("[" + script.string() + "] loading 1\n"));
  EXPECT_THAT(err, HasSubstr("[test.chatty] seen " + dir.path().filename().string() + " table: "));
  EXPECT_THAT(err, HasSubstr("[test.chatty] and nil\n"));
}

// The template authors copy must itself be a working buildpack.
TEST(LuaBuildpack, TemplateForAuthorsWorks) {
  auto buildpack = load_lua(std::filesystem::path(KILN_SOURCE_DIR) / "sdk/templates/lua-buildpack/buildpack.lua");
  ASSERT_TRUE(buildpack);
  EXPECT_EQ(buildpack->info().id, "com.example.deno");
  TempDir dir;
  dir.write("deno.json", R"({"main": "server.ts"})");
  auto tree = open_tree(dir);
  auto detection = buildpack->detect(tree);
  EXPECT_EQ(detection.score, 80);
  ::testing::internal::CaptureStderr();
  auto plan = buildpack->generate(tree, detection, {});
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("[com.example.deno] starting from server.ts"));
  EXPECT_EQ(plan.start.argv.back(), "server.ts");
  EXPECT_EQ(plan.phases.size(), 2u);
}

}  // namespace
}  // namespace kiln
