#include "plugins/buildpack_registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/app_analysis.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::filesystem::path case_dir(const std::string& name) { return std::filesystem::path(KILN_TEST_PLUGIN_DIR) / name; }

TEST(BuildpackRegistry, AScanReadsDescriptorsOnly) {
  auto registry = BuildpackRegistry::scan({case_dir("wrong_api"), case_dir("good"), case_dir("missing_entry")});
  ASSERT_EQ(registry.buildpacks().size(), 3u);
  EXPECT_TRUE(registry.problems().empty());
  EXPECT_EQ(registry.find("com.example.good")->descriptor.description, "test fixture: good.txt");
  EXPECT_EQ(registry.find("com.example.good")->descriptor.looks_for, std::vector<std::string>{"good.txt"});
}

TEST(BuildpackRegistry, KeepsGoingPastBadPlugins) {
  auto registry = BuildpackRegistry::scan({case_dir("wrong_api"), case_dir("good"), case_dir("missing_entry"),
                                           case_dir("cpp_boundary"), case_dir("missing_info")});
  registry.load_all();
  ASSERT_EQ(registry.buildpacks().size(), 1u);
  EXPECT_EQ(registry.buildpacks()[0].descriptor.id, "com.example.good");
  ASSERT_EQ(registry.problems().size(), 4u);
  for (const auto& problem : registry.problems()) EXPECT_THAT(problem.message, HasSubstr("refused plugin"));
}

TEST(BuildpackRegistry, RefusesABadDescriptorNamingTheKey) {
  testing::TempDir dir;
  dir.write("a/buildpack.toml", "api = 2\nid = \"com.example.a\"\nversion = \"1.0.0\"\nkind = \"native\"\nentry = \"../../x.so\"\n");
  dir.write("b/buildpack.toml", "api = 7\nid = \"com.example.b\"\nversion = \"1.0.0\"\nkind = \"native\"\nentry = \"b.so\"\n");
  dir.write("c/buildpack.toml", "api = 1\nid = \"com.example.c\"\nversion = \"1.0.0\"\nkind = \"lua\"\nprot = 1\n");
  dir.write("d/buildpack.lua", "return {}");
  auto registry = BuildpackRegistry::scan({dir.path()});
  EXPECT_TRUE(registry.buildpacks().empty());
  ASSERT_EQ(registry.problems().size(), 4u);
  EXPECT_THAT(registry.problems()[0].message, AllOf(HasSubstr("a/buildpack.toml"), HasSubstr("'entry'")));
  EXPECT_THAT(registry.problems()[1].message, AllOf(HasSubstr("native API 7"), HasSubstr("native API 1 to 3")));
  EXPECT_THAT(registry.problems()[2].message, HasSubstr("unknown key 'prot'"));
  EXPECT_THAT(registry.problems()[3].message, HasSubstr("buildpack.toml"));
}

TEST(BuildpackRegistry, RefusesADuplicateIdNamingBothFiles) {
  auto registry = BuildpackRegistry::scan({case_dir("good"), case_dir("duplicate_id")});
  ASSERT_EQ(registry.buildpacks().size(), 1u);
  EXPECT_EQ(registry.buildpacks()[0].descriptor.version, "1.2.3");
  ASSERT_EQ(registry.problems().size(), 1u);
  EXPECT_THAT(registry.problems()[0].message,
              AllOf(HasSubstr("duplicate buildpack id 'com.example.good'"), HasSubstr("fixture_duplicate_id/buildpack.toml"),
                    HasSubstr("fixture_good/buildpack.toml")));
}

TEST(BuildpackRegistry, ReportsAMissingDirectory) {
  auto registry = BuildpackRegistry::scan({"/nonexistent/kiln-plugins"});
  EXPECT_TRUE(registry.buildpacks().empty());
  ASSERT_EQ(registry.problems().size(), 1u);
  EXPECT_THAT(registry.problems()[0].message, HasSubstr("/nonexistent/kiln-plugins"));
}

TEST(AppAnalysis, AThrowingDetectorIsAWarningNotACrash) {
  auto registry = BuildpackRegistry::scan({case_dir("good"), case_dir("throwing_detect")});
  testing::TempDir dir;
  dir.write("good.txt", "x");
  auto tree = LocalSourceTree::open(dir.path());
  auto analysis = analyze_app(*tree, registry);
  ASSERT_TRUE(analysis.ok()) << analysis.error().message;
  EXPECT_EQ(analysis->report.buildpack, "com.example.good");
  ASSERT_EQ(analysis->report.warnings.size(), 1u);
  EXPECT_THAT(analysis->report.warnings[0], HasSubstr("detector bug"));
  ASSERT_TRUE(analysis->plan.has_value());
  EXPECT_EQ(analysis->plan->buildpack, "com.example.good");
}

TEST(AppAnalysis, AThrowingGeneratorGivesAPlanError) {
  auto registry = BuildpackRegistry::scan({case_dir("throwing_detect")});
  testing::TempDir dir;
  dir.write("explode-in-generate.txt", "x");
  auto tree = LocalSourceTree::open(dir.path());
  auto analysis = analyze_app(*tree, registry);
  ASSERT_TRUE(analysis.ok());
  EXPECT_FALSE(analysis->plan.has_value());
  ASSERT_TRUE(analysis->plan_error.has_value());
  EXPECT_THAT(analysis->plan_error->message, AllOf(HasSubstr("com.example.exploding"), HasSubstr("generate")));
}

TEST(AppAnalysis, NothingMatchingSaysWhatWasLookedFor) {
  auto registry = BuildpackRegistry::scan({case_dir("good")});
  testing::TempDir dir;
  dir.write("README.md", "hello");
  auto tree = LocalSourceTree::open(dir.path());
  auto analysis = analyze_app(*tree, registry);
  ASSERT_FALSE(analysis.ok());
  EXPECT_EQ(analysis.error().code, ErrorCode::NoBuildpack);
  EXPECT_THAT(analysis.error().message, AllOf(HasSubstr("com.example.good"), HasSubstr("good.txt")));
}

// A Lua buildpack (the good fixture: it claims any folder with a hello.txt) that is asked only
// when hello.txt mentions "bonjour".
std::filesystem::path looks_inside_plugin(const testing::TempDir& dir, const std::string& looks_inside) {
  std::ifstream script(std::filesystem::path(KILN_FIXTURES_DIR) / "plugins/lua/good.lua");
  std::ostringstream text;
  text << script.rdbuf();
  dir.write("plugins/good/buildpack.lua", text.str());
  dir.write("plugins/good/buildpack.toml", "api = 1\nid = \"test.good\"\nversion = \"1.2.3\"\nkind = \"lua\"\n" + looks_inside);
  return dir.path() / "plugins";
}

TEST(AppAnalysis, ALooksInsideFileCountsOnlyWhenItMentionsAWord) {
  testing::TempDir dir;
  auto registry = BuildpackRegistry::scan(
      {looks_inside_plugin(dir, "looks_inside = { files = [\"hello.txt\"], words = [\"bonjour\"] }\n")});
  ASSERT_EQ(registry.buildpacks().size(), 1u) << (registry.problems().empty() ? "" : registry.problems()[0].message);

  dir.write("plain/hello.txt", "hello");
  auto plain = LocalSourceTree::open(dir.path() / "plain");
  auto not_asked = analyze_app(*plain, registry);
  ASSERT_FALSE(not_asked.ok());
  EXPECT_THAT(not_asked.error().message, HasSubstr("test.good: not asked: none of hello.txt mentions bonjour"));

  dir.write("french/hello.txt", "hello, or BONJOUR");  // any case
  auto french = LocalSourceTree::open(dir.path() / "french");
  auto asked = analyze_app(*french, registry);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->report.buildpack, "test.good");
}

TEST(BuildpackRegistry, RefusesALooksInsideWithAGlobNamingTheKey) {
  testing::TempDir dir;
  auto registry = BuildpackRegistry::scan(
      {looks_inside_plugin(dir, "looks_inside = { files = [\"*.txt\"], words = [\"bonjour\"] }\n")});
  EXPECT_TRUE(registry.buildpacks().empty());
  ASSERT_EQ(registry.problems().size(), 1u);
  EXPECT_THAT(registry.problems()[0].message, AllOf(HasSubstr("'looks_inside'"), HasSubstr("no globs")));
}

TEST(AppAnalysis, KilnTomlOverridesAndForcesABuildpack) {
  auto registry = BuildpackRegistry::scan({case_dir("good")});
  testing::TempDir dir;
  dir.write("kiln.toml", "buildpack = \"com.example.good\"\ncontext = \"app\"\nstart = \"./serve --fast\"\nport = 9000\n"
                         "[env]\nMODE = \"prod\"\n");
  dir.write("app/main.txt", "no good.txt here");
  auto tree = LocalSourceTree::open(dir.path());
  auto analysis = analyze_app(*tree, registry);
  ASSERT_TRUE(analysis.ok()) << analysis.error().message;
  ASSERT_TRUE(analysis->plan) << analysis->plan_error->message;
  EXPECT_EQ(analysis->tree->name(), "app");
  EXPECT_EQ(analysis->plan->start.shell, "./serve --fast");
  EXPECT_EQ(analysis->plan->port, 9000);
  EXPECT_EQ(analysis->plan->env.at("MODE"), "prod");
  EXPECT_EQ(analysis->report.start_cmd, "./serve --fast");
}

TEST(AppAnalysis, UnknownForcedBuildpackListsTheLoadedOnes) {
  auto registry = BuildpackRegistry::scan({case_dir("good")});
  testing::TempDir dir;
  dir.write("kiln.toml", "buildpack = \"kiln.cobol\"\n");
  auto tree = LocalSourceTree::open(dir.path());
  auto analysis = analyze_app(*tree, registry);
  ASSERT_FALSE(analysis.ok());
  EXPECT_THAT(analysis.error().message, AllOf(HasSubstr("kiln.cobol"), HasSubstr("com.example.good")));
}

}  // namespace
}  // namespace kiln
