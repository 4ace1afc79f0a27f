// What detect and generate return is untrusted: bad values are refused with
// the field named, through the whole path (script -> JSON -> SDK types).
#include "plugins/plugin_output_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using nlohmann::json;
using testing::buildpack_error;
using testing::load_lua;
using testing::lua_fixture;
using testing::open_tree;
using testing::TempDir;

class LuaBadPlans : public ::testing::Test {
 protected:
  std::string error_for(const std::string& name) {
    auto buildpack = load_lua(lua_fixture("bad_plans.lua"));
    if (!buildpack) return "not loaded";
    auto tree = open_tree(dir_);
    sdk::GenerateOptions options;
    options.extra = {{"case", name}};
    return buildpack_error([&] { buildpack->generate(tree, sdk::Detection{}, options); });
  }
  TempDir dir_;
};

TEST_F(LuaBadPlans, NameTheField) {
  const auto script = lua_fixture("bad_plans.lua").string();
  EXPECT_EQ(error_for("port_string"), script + ":21: generate returned a bad plan: field 'port': "
                                               "expected an integer from 1 to 65535, got \"abc\"");
  EXPECT_THAT(error_for("port_range"), HasSubstr("field 'port': expected an integer from 1 to 65535, got 70000"));
  EXPECT_THAT(error_for("commands_numbers"),
              HasSubstr("field 'phases[1].commands[1]': expected a command string, got 1"));
  EXPECT_THAT(error_for("start_table"), HasSubstr("field 'start.argv[2]': expected an argument string, got a list"));
  EXPECT_THAT(error_for("phase_without_name"), HasSubstr("field 'phases[1].name': expected a non-empty string, got nothing"));
  EXPECT_THAT(error_for("nothing"), HasSubstr("generate returned nothing"));
}

TEST_F(LuaBadPlans, RefuseWhatJsonCannotHold) {
  EXPECT_THAT(error_for("cycle"), HasSubstr("a table that contains itself (a cycle)"));
  EXPECT_THAT(error_for("deep"), HasSubstr("nested deeper than 32 levels"));
  EXPECT_THAT(error_for("huge_string"), HasSubstr("field 'start': a string of 1048576 bytes is over the limit"));
  EXPECT_THAT(error_for("mixed"), HasSubstr("field 'build_packages': a table cannot mix list items and named keys"));
  EXPECT_THAT(error_for("sparse"), HasSubstr("field 'build_packages': a list must have items at 1..2 without gaps"));
  EXPECT_THAT(error_for("function_value"), HasSubstr("field 'start': a function cannot be converted"));
  EXPECT_THAT(error_for("not_utf8"), HasSubstr("field 'start': the string is not valid UTF-8"));
  EXPECT_THAT(error_for("nan"), HasSubstr("field 'port': NaN and infinite numbers cannot be converted"));
}

std::string detection_error(const std::string& content) {
  auto buildpack = load_lua(lua_fixture("bad_detections.lua"));
  if (!buildpack) return "not loaded";
  TempDir dir;
  dir.write("case", content);
  auto tree = open_tree(dir);
  return buildpack_error([&] { buildpack->detect(tree); });
}

TEST(LuaBadDetections, NameTheField) {
  const auto script = lua_fixture("bad_detections.lua").string();
  EXPECT_EQ(detection_error("score_text"),
            script + ":11: detect returned a bad result: field 'score': expected an integer from 0 to 100, got \"high\"");
  EXPECT_THAT(detection_error("score_range"), HasSubstr("field 'score': expected an integer from 0 to 100, got 101"));
  EXPECT_THAT(detection_error("no_language"), HasSubstr("field 'language': expected a non-empty string, got nothing"));
  EXPECT_THAT(detection_error("evidence_numbers"), HasSubstr("field 'evidence[1]': expected a string, got 1"));
  EXPECT_THAT(detection_error("facts_list"), HasSubstr("field 'facts': expected a table, got a list"));
  EXPECT_THAT(detection_error("number"), HasSubstr("field 'detection': expected a table, got 42"));
}

TEST(LuaBadDetections, PassFalseMeansNoMatch) {
  auto buildpack = load_lua(lua_fixture("bad_detections.lua"));
  ASSERT_TRUE(buildpack);
  TempDir dir;
  dir.write("case", "not_me");
  auto tree = open_tree(dir);
  EXPECT_FALSE(buildpack->detect(tree).pass);
}

TEST(LuaResultReader, ReadsAFullPlan) {
  auto plan = read_plan(json::parse(R"({
    "build_image": "ruby", "run_image": "ruby", "build_packages": ["libpq-dev"], "run_packages": [],
    "env": {"RACK_ENV": "production"}, "build_env": [],
    "phases": [{"name": "install", "inputs": ["Gemfile"], "commands": ["bundle install"], "cache_paths": []}],
    "artifacts": [{"from": "/app/public"}],
    "start": {"shell": "bundle exec rackup"}, "port": 9292.0, "workdir": "/srv"})"));
  EXPECT_EQ(plan.build_packages, std::vector<std::string>{"libpq-dev"});
  EXPECT_EQ(plan.env.at("RACK_ENV"), "production");
  EXPECT_TRUE(plan.build_env.empty());
  EXPECT_EQ(plan.phases.at(0).commands, std::vector<std::string>{"bundle install"});
  EXPECT_EQ(plan.artifacts.at(0).to, "/app/public");
  EXPECT_EQ(plan.start.shell, "bundle exec rackup");
  EXPECT_EQ(plan.port, 9292);
  EXPECT_EQ(plan.workdir, "/srv");
}

TEST(LuaResultReader, ReadsEveryFormOfStart) {
  EXPECT_EQ(read_plan(json::parse(R"({"start": "php -S 0.0.0.0:8080"})")).start.shell, "php -S 0.0.0.0:8080");
  EXPECT_EQ(read_plan(json::parse(R"({"start": ["php", "-v"]})")).start.argv, (std::vector<std::string>{"php", "-v"}));
  EXPECT_EQ(read_plan(json::parse(R"({"start": {"argv": ["php"]}})")).start.argv, std::vector<std::string>{"php"});
  EXPECT_THROW(read_plan(json::parse(R"({"start": 5})")), sdk::BuildpackError);
}

TEST(LuaResultReader, RefusesOtherPlanVersions) {
  EXPECT_THROW(read_plan(json::parse(R"({"version": 2})")), sdk::BuildpackError);
  EXPECT_EQ(read_plan(json::parse(R"({"version": 1})")).version, 1);
}

TEST(LuaResultReader, RefusesMapsOfNonStrings) {
  try {
    read_plan(json::parse(R"({"env": {"PORT": 8080}})"));
    FAIL() << "accepted a number in env";
  } catch (const sdk::BuildpackError& e) {
    EXPECT_STREQ(e.what(), "field 'env.PORT': expected a string, got 8080");
  }
}

}  // namespace
}  // namespace kiln

namespace kiln {
namespace {

std::string plan_error(const nlohmann::json& plan) {
  try {
    read_plan(plan);
    return "accepted";
  } catch (const sdk::BuildpackError& e) {
    return e.what();
  }
}

TEST(PluginOutputReader, HoldsPlansToTheSchemaNamingTheField) {
  using nlohmann::json;
  EXPECT_EQ(plan_error(json{{"phases", {{{"name", "install"}, {"inputs", {"package.json", "/etc/passwd"}}}}}}),
            "field 'phases[1].inputs[2]': expected a path relative to the app folder (letters, digits, . _ - + @ /; "
            "no '..'), got \"/etc/passwd\"");
  EXPECT_EQ(plan_error(json{{"prot", 8080}}), "field 'prot': is not a field kiln knows");
  EXPECT_THAT(plan_error(json{{"env", {{"A B", "1"}}}}), HasSubstr("field 'env.A B': is not a valid name in a table of variables"));
  EXPECT_THAT(plan_error(json{{"build_packages", {"curl; rm -rf /"}}}), HasSubstr("field 'build_packages[1]': expected a Debian package name"));
  EXPECT_THAT(plan_error(json{{"start", 5}}), HasSubstr("field 'start': expected a command line, a list of argument strings or a table"));
  EXPECT_THAT(plan_error(json{{"start", {{"argv", {"a"}}, {"shell", "b"}}}}), HasSubstr("field 'start': expected"));
  EXPECT_EQ(plan_error(json::array({1})), "field 'plan': expected a table, got a list");
  // A bad value cut for the message in the middle of a UTF-8 character still makes a message.
  EXPECT_THAT(plan_error(json{{"workdir", std::string(39, 'a') + "\u00e9"}}), HasSubstr("field 'workdir'"));
}

TEST(PluginOutputReader, NullMeansAbsentWhereTheSchemaAllowsNoNull) {
  auto plan = read_plan(nlohmann::json::parse(R"({"workdir": null, "env": null, "port": null, "dockerfile": null})"));
  EXPECT_EQ(plan.workdir, "/app");
  EXPECT_FALSE(plan.port);
  auto detection = read_detection(nlohmann::json::parse(R"({"score": 50, "language": "go", "facts": null})"));
  EXPECT_TRUE(detection.facts.is_object());
}

// valijson matches patterns with std::regex, whose matcher recurses per
// character: the longest strings a plugin can send must not exhaust the stack.
TEST(PluginOutputReader, LongStringsAreCheckedWithoutRunningOutOfStack) {
  const std::string long_text(1 << 20, 'x');
  auto plan = read_plan(nlohmann::json{{"phases", {{{"name", "build"}, {"commands", {long_text}}}}}, {"env", {{"A", long_text}}}});
  EXPECT_EQ(plan.phases.at(0).commands.at(0).size(), long_text.size());
  const std::string long_path(1 << 20, 'a');
  for (const char* field : {"workdir", "build_image"})
    EXPECT_THAT(plan_error(nlohmann::json{{field, long_path}}), HasSubstr(std::string("field '") + field + "'"));
  EXPECT_THAT(plan_error(nlohmann::json{{"phases", {{{"name", long_path}, {"inputs", {long_path}}}}}}), HasSubstr("phases[1]"));
  EXPECT_THAT(plan_error(nlohmann::json{{"env", {{long_path, "1"}}}}), HasSubstr("is not a valid name"));
}

}  // namespace
}  // namespace kiln
