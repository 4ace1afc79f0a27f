// The `kiln` module as a script sees it.
#include "plugins/lua_kiln_module.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using nlohmann::json;
using testing::load_lua;
using testing::open_tree;
using testing::TempDir;

// Runs `body` (Lua statements filling a table `facts`) inside detect and returns the facts.
json run_in_detect(const std::string& body, const std::string& tree_file = "", const std::string& content = "") {
  TempDir dir;
  auto script = dir.write("script/buildpack.lua", "return {id = 'test.module', version = '1.0.0', api = 1,\n"
                                                  "  detect = function(tree) local facts = {}\n" +
                                                      body +
                                                      "\n  return {score = 1, language = 'x', facts = facts} end,\n"
                                                      "  generate = function() return {} end}\n");
  if (!tree_file.empty()) dir.write("app/" + tree_file, content);
  dir.write("app/.keep", "");
  auto buildpack = load_lua(script);
  if (!buildpack) return nullptr;
  auto tree = LocalSourceTree::open(dir.path() / "app");
  return buildpack->detect(tree.value()).facts;
}

TEST(LuaKilnModule, DecodesJson) {
  auto facts = run_in_detect(R"(
    local value = kiln.json_decode('{"name": "app", "list": [1, null, "three"], "gone": null, "nested": {"ok": true}}')
    facts.name = value.name
    facts.second_is_null = value.list[2] == kiln.null
    facts.third = value.list[3]
    facts.gone_is_absent = value.gone == nil
    facts.nested_ok = value.nested.ok
    local bad, err = kiln.json_decode('{"broken": ')
    facts.bad_is_nil = bad == nil
    facts.err = err
  )");
  EXPECT_EQ(facts["name"], "app");
  EXPECT_EQ(facts["second_is_null"], true);
  EXPECT_EQ(facts["third"], "three");
  EXPECT_EQ(facts["gone_is_absent"], true);
  EXPECT_EQ(facts["nested_ok"], true);
  EXPECT_EQ(facts["bad_is_nil"], true);
  EXPECT_THAT(facts["err"].get<std::string>(), HasSubstr("parse error"));
}

TEST(LuaKilnModule, ReadsTheProcfileWebProcess) {
  auto facts = run_in_detect(R"(
    facts.web = kiln.procfile_web("# processes\nworker: rake jobs\nweb:  bundle exec puma -p $PORT \r\n")
    facts.only = kiln.procfile_web("release: ./migrate\n")
    facts.none_is_nil = kiln.procfile_web("worker: a\nclock: b\n") == nil
    facts.garbage_is_nil = kiln.procfile_web("not a procfile") == nil
  )");
  EXPECT_EQ(facts["web"], "bundle exec puma -p $PORT");
  EXPECT_EQ(facts["only"], "./migrate");
  EXPECT_EQ(facts["none_is_nil"], true);
  EXPECT_EQ(facts["garbage_is_nil"], true);
}

TEST(LuaKilnModule, LooksUpNativePackagesInKilnsTable) {
  auto facts = run_in_detect(R"(
    facts.pg = kiln.native_packages("ruby", {"rack", "pg", 42, "pg"})
    facts.none = kiln.native_packages("ruby", {})
    local ok, err = pcall(kiln.native_packages, "ruby", "pg")
    facts.not_a_table = err
  )");
  EXPECT_EQ(facts["pg"]["build"], json({"build-essential", "ruby-dev", "libpq-dev"}));
  EXPECT_EQ(facts["pg"]["run"], json({"libpq5"}));
  // Empty lists: the host's JSON has no way to say "array" for an empty Lua table.
  EXPECT_TRUE(facts["none"]["build"].empty());
  EXPECT_THAT(facts["not_a_table"].get<std::string>(), HasSubstr("table expected"));
}

// kiln.node_assets: the package manager comes from the lockfile; no build script, no assets.
TEST(LuaKilnModule, NodeAssetsFollowTheLockfile) {
  TempDir dir;
  auto script = dir.write("script/buildpack.lua", R"(return {id = 'test.assets', version = '1.0.0', api = 1,
    detect = function(tree) return {score = 1, language = 'x', facts = {assets = kiln.node_assets(tree) or false}} end,
    generate = function() return {} end})");
  auto buildpack = load_lua(script);
  ASSERT_TRUE(buildpack);
  auto assets = [&] { return buildpack->detect(LocalSourceTree::open(dir.path() / "app").value()).facts["assets"]; };
  dir.write("app/package.json", R"({"scripts": {"dev": "vite"}})");
  EXPECT_EQ(assets(), false);
  dir.write("app/package.json", R"({"scripts": {"build": "vite build"}})");
  dir.write("app/yarn.lock", "# yarn lockfile v1\n");
  EXPECT_EQ(assets()["install"], json({"npm install -g yarn@1", "yarn install --frozen-lockfile"}));
  EXPECT_EQ(assets()["build"], "yarn build");
  EXPECT_EQ(assets()["inputs"], json({"package.json", "yarn.lock"}));
}

TEST(LuaKilnModule, TreeJsonReadsManifests) {
  auto facts = run_in_detect(R"(
    local manifest = tree:json("composer.json")
    facts.laravel = manifest.require["laravel/framework"]
    facts.missing = tree:json("nope.json") == nil
  )",
                             "composer.json", R"({"require": {"laravel/framework": "^11.0"}})");
  EXPECT_EQ(facts["laravel"], "^11.0");
  EXPECT_EQ(facts["missing"], true);
}

TEST(LuaKilnModule, TreeTomlReadsManifests) {
  auto facts = run_in_detect(R"(
    local manifest = tree:toml("gleam.toml")
    facts.name = manifest.name
    facts.wisp = manifest.dependencies.wisp
    facts.target = manifest.javascript == nil
    facts.missing = tree:toml("nope.toml") == nil
  )",
                             "gleam.toml", "name = \"app\"\nversion = \"1.0.0\"\n\n[dependencies]\nwisp = \">= 1.0.0 and < 2.0.0\"\n");
  EXPECT_EQ(facts["name"], "app");
  EXPECT_EQ(facts["wisp"], ">= 1.0.0 and < 2.0.0");
  EXPECT_EQ(facts["target"], true);
  EXPECT_EQ(facts["missing"], true);
}

TEST(LuaKilnModule, TreeTomlSaysWhereAFileIsNotToml) {
  auto facts = run_in_detect(R"(
    local value, why = tree:toml("gleam.toml")
    facts.is_nil = value == nil
    facts.why = why
  )",
                             "gleam.toml", "name = \"app\"\n[dependencies\n");
  EXPECT_EQ(facts["is_nil"], true);
  EXPECT_THAT(facts["why"].get<std::string>(), AllOf(HasSubstr("gleam.toml is not valid TOML"), HasSubstr("line 2")));
}

TEST(LuaKilnModule, TreeYamlReadsTheCoreSchema) {
  auto facts = run_in_detect(R"(
    local spec = tree:yaml("shard.yml")
    facts.name = spec.name
    facts.version = spec.version
    facts.main = spec.targets.server.main
    facts.port = spec.port
    facts.quoted = spec.quoted
    facts.flag = spec.flag
    facts.nothing = spec.nothing == nil
    facts.second = spec.authors[2]
  )",
                             "shard.yml", "name: server\nversion: 0.1.0\nport: 3000\nquoted: \"3000\"\nflag: true\n"
                                          "nothing: ~\nauthors:\n  - A <a@example.com>\n  - B <b@example.com>\n"
                                          "targets:\n  server:\n    main: src/server.cr\n");
  EXPECT_EQ(facts["name"], "server");
  EXPECT_EQ(facts["version"], "0.1.0");
  EXPECT_EQ(facts["main"], "src/server.cr");
  EXPECT_EQ(facts["port"], 3000);
  EXPECT_EQ(facts["quoted"], "3000");
  EXPECT_EQ(facts["flag"], true);
  EXPECT_EQ(facts["nothing"], true);
  EXPECT_EQ(facts["second"], "B <b@example.com>");
}

TEST(LuaKilnModule, TreeYamlRefusesHostileNestingAndBadSyntax) {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
  auto facts = run_in_detect(R"(
    local value, why = tree:yaml("deep.yaml")
    facts.is_nil = value == nil
    facts.why = why
  )",
                             "deep.yaml", deep);
  EXPECT_EQ(facts["is_nil"], true);
  EXPECT_THAT(facts["why"].get<std::string>(), HasSubstr("nests deeper than 64"));

  facts = run_in_detect(R"(
    local value, why = tree:yaml("flow.yaml")
    facts.why = why
  )",
                        "flow.yaml", "a: " + std::string(200000, '['));
  EXPECT_THAT(facts["why"].get<std::string>(), HasSubstr("nests deeper than 64"));

  facts = run_in_detect(R"(
    local value, why = tree:yaml("pubspec.yaml")
    facts.why = why
  )",
                        "pubspec.yaml", "name: app\n  environment: [unclosed\n");
  EXPECT_THAT(facts["why"].get<std::string>(), HasSubstr("pubspec.yaml is not valid YAML"));
}

TEST(LuaKilnModule, DeeplyNestedJsonIsAnErrorNotACrash) {
  std::string deep(10000, '[');
  deep += std::string(10000, ']');
  auto facts = run_in_detect(R"(
    local ok, err = pcall(kiln.json_decode, tree:read("deep.json"))
    facts.ok = ok
    facts.err = err
  )",
                             "deep.json", deep);
  EXPECT_EQ(facts["ok"], false);
  EXPECT_THAT(facts["err"].get<std::string>(), HasSubstr("JSON nested deeper than"));
}

TEST(LuaKilnModule, BindsSemver) {
  auto facts = run_in_detect(R"(
    local v = kiln.semver.parse("3.2.1-preview1")
    facts.major, facts.minor, facts.patch, facts.prerelease = v.major, v.minor, v.patch, v.prerelease
    facts.plain_has_no_prerelease = kiln.semver.parse("3.2").prerelease == nil
    facts.not_a_version = kiln.semver.parse("three") == nil
    facts.older = kiln.semver.compare("1.2.3", "1.10.0")
    facts.same = kiln.semver.compare("1.2", "1.2.0")
    local order, err = kiln.semver.compare("1.2.3", "latest")
    facts.compare_bad_is_nil = order == nil
    facts.compare_err = err
    facts.caret = kiln.semver.satisfies("2.4.0", "^2.0.0")
    facts.tilde = kiln.semver.satisfies("1.5.0", "~1.4")
    facts.pessimistic = kiln.semver.satisfies("3.1.4", "~> 3.1")
    local verdict, range_err = kiln.semver.satisfies("1.0.0", "banana")
    facts.range_bad_is_nil = verdict == nil
    facts.range_err = range_err
  )");
  EXPECT_EQ(facts["major"], 3);
  EXPECT_EQ(facts["minor"], 2);
  EXPECT_EQ(facts["patch"], 1);
  EXPECT_EQ(facts["prerelease"], "preview1");
  EXPECT_EQ(facts["plain_has_no_prerelease"], true);
  EXPECT_EQ(facts["not_a_version"], true);
  EXPECT_EQ(facts["older"], -1);
  EXPECT_EQ(facts["same"], 0);
  EXPECT_EQ(facts["compare_bad_is_nil"], true);
  EXPECT_EQ(facts["compare_err"], "the second argument is not a version: 'latest'");
  EXPECT_EQ(facts["caret"], true);
  EXPECT_EQ(facts["tilde"], false);
  EXPECT_EQ(facts["pessimistic"], true);
  EXPECT_EQ(facts["range_bad_is_nil"], true);
  EXPECT_EQ(facts["range_err"], "the second argument is not a version range: 'banana'");
}

}  // namespace
}  // namespace kiln
