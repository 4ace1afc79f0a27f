// A hostile script must not read outside its tree, run commands, load
// bytecode, loop forever or eat the host's memory, and the host must carry on.
#include "plugins/lua_sandbox.hpp"

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

class LuaSandboxProbes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("hello.txt", "hi");
    dir_.write("sub/file.txt", "x");
    auto buildpack = load_lua(lua_fixture("probes.lua"));
    ASSERT_TRUE(buildpack);
    auto tree = open_tree(dir_);
    facts_ = buildpack->detect(tree).facts;
  }
  TempDir dir_;
  nlohmann::json facts_;
};

TEST_F(LuaSandboxProbes, HasNoWayOutOfTheProcessOrTheTree) {
  for (const char* name : {"io", "os", "package", "debug", "require", "dofile", "loadfile", "coroutine", "string_dump"})
    EXPECT_EQ(facts_[name], "nil") << name;
  EXPECT_EQ(facts_["read_absolute"], true);
  EXPECT_EQ(facts_["read_parent"], true);
  EXPECT_EQ(facts_["read_dotdot_inside"], true);
  EXPECT_EQ(facts_["exists_parent"], false);
  EXPECT_EQ(facts_["list_parent"], 0);
  EXPECT_EQ(facts_["glob_parent"], 0);
}

TEST_F(LuaSandboxProbes, LoadRefusesBytecodeInEveryForm) {
  EXPECT_EQ(facts_["bytecode_loaded"], false);
  EXPECT_THAT(facts_["bytecode_error"].get<std::string>(), HasSubstr("attempt to load a binary chunk"));
  EXPECT_EQ(facts_["bytecode_mode_b_loaded"], false);
  EXPECT_THAT(facts_["bytecode_mode_b_error"].get<std::string>(), HasSubstr("attempt to load a binary chunk"));
  EXPECT_EQ(facts_["bytecode_reader_loaded"], false);
  EXPECT_THAT(facts_["bytecode_reader_error"].get<std::string>(), HasSubstr("attempt to load a binary chunk"));
}

TEST_F(LuaSandboxProbes, LoadStillRunsTextInTheSandbox) {
  EXPECT_EQ(facts_["text_load"], 2);
  EXPECT_EQ(facts_["text_load_sees_sandbox"], true);
  EXPECT_EQ(facts_["text_load_env"], "own env");
}

TEST_F(LuaSandboxProbes, CollectGarbageOnlyCounts) {
  EXPECT_THAT(facts_["collect"].get<std::string>(), HasSubstr("not available in the kiln sandbox"));
  EXPECT_THAT(facts_["stop"].get<std::string>(), HasSubstr("not available in the kiln sandbox"));
  EXPECT_EQ(facts_["count_is_number"], true);
}

TEST_F(LuaSandboxProbes, TreeMethodsCannotBeSwappedOrMisused) {
  EXPECT_EQ(facts_["tree_metatable"], "kiln.SourceTree");
  EXPECT_THAT(facts_["tree_dot_call"].get<std::string>(), HasSubstr("kiln.SourceTree expected, got string"));
}

TEST(LuaSandbox, StopsAnEndlessLoopPromptly) {
  auto buildpack = load_lua(lua_fixture("runaway.lua"), {.instruction_budget = 5'000'000});
  ASSERT_TRUE(buildpack);
  TempDir dir;
  dir.write("loop", "");
  auto tree = open_tree(dir);
  auto started = std::chrono::steady_clock::now();
  auto message = buildpack_error([&] { buildpack->detect(tree); });
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(message, lua_fixture("runaway.lua").string() + ":6: instruction budget of 5000000 instructions exceeded");
}

TEST(LuaSandbox, BudgetErrorCannotBeSwallowedByPcall) {
  auto buildpack = load_lua(lua_fixture("runaway.lua"), {.instruction_budget = 5'000'000});
  ASSERT_TRUE(buildpack);
  TempDir dir;
  auto tree = open_tree(dir);
  auto message = buildpack_error([&] { buildpack->generate(tree, sdk::Detection{}, {}); });
  EXPECT_THAT(message, StartsWith(lua_fixture("runaway.lua").string() + ":1"));
  EXPECT_THAT(message, HasSubstr("instruction budget of 5000000 instructions exceeded"));
}

TEST(LuaSandbox, BudgetIsPerCall) {
  auto buildpack = load_lua(lua_fixture("runaway.lua"), {.instruction_budget = 5'000'000});
  ASSERT_TRUE(buildpack);
  TempDir looping, fine;
  looping.write("loop", "");
  auto looping_tree = open_tree(looping);
  auto fine_tree = open_tree(fine);
  EXPECT_NE(buildpack_error([&] { buildpack->detect(looping_tree); }), "");
  EXPECT_EQ(buildpack->detect(fine_tree).score, 10);
  EXPECT_NE(buildpack_error([&] { buildpack->detect(looping_tree); }), "");
  EXPECT_EQ(buildpack->detect(fine_tree).score, 10);
}

TEST(LuaSandbox, StringGrowthHitsTheMemoryLimit) {
  auto buildpack = load_lua(lua_fixture("greedy.lua"), {.memory_bytes = 16u << 20});
  ASSERT_TRUE(buildpack);
  TempDir greedy, fine;
  greedy.write("greedy", "");
  auto greedy_tree = open_tree(greedy);
  auto fine_tree = open_tree(fine);
  EXPECT_EQ(buildpack_error([&] { buildpack->detect(greedy_tree); }),
            lua_fixture("greedy.lua").string() + ": memory limit of 16 MB exceeded");
  EXPECT_EQ(buildpack->detect(fine_tree).score, 10);
}

TEST(LuaSandbox, RunningOutInsideAHostFunctionIsTheSameError) {
  auto buildpack = load_lua(lua_fixture("greedy.lua"), {.memory_bytes = 16u << 20});
  ASSERT_TRUE(buildpack);
  TempDir greedy, fine;
  std::string big = "[";
  for (int i = 0; i < 20000; ++i) big += R"({"name": "package", "version": "1.0.0"},)";
  greedy.write("big.json", big + "{}]");
  auto greedy_tree = open_tree(greedy);
  auto fine_tree = open_tree(fine);
  EXPECT_THAT(buildpack_error([&] { buildpack->detect(greedy_tree); }), HasSubstr("memory limit of 16 MB exceeded"));
  EXPECT_EQ(buildpack->detect(fine_tree).score, 10);
}

TEST(LuaSandbox, TableGrowthHitsTheMemoryLimitAndTheNextCallWorks) {
  auto buildpack = load_lua(lua_fixture("greedy.lua"), {.memory_bytes = 16u << 20});
  ASSERT_TRUE(buildpack);
  TempDir dir;
  auto tree = open_tree(dir);
  sdk::GenerateOptions greedy;
  greedy.extra = {{"greedy", true}};
  for (int i = 0; i < 2; ++i) {
    EXPECT_THAT(buildpack_error([&] { buildpack->generate(tree, sdk::Detection{}, greedy); }),
                HasSubstr("memory limit of 16 MB exceeded"));
    EXPECT_EQ(buildpack->generate(tree, sdk::Detection{}, {}).start.shell, "true");
  }
}

TEST(LuaSandbox, RefusesALimitTooSmallForAState) { EXPECT_FALSE(LuaSandbox::create(1024)); }

}  // namespace
}  // namespace kiln
