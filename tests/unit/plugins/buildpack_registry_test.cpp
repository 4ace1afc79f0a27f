#include "plugins/buildpack_registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/app_analysis.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::filesystem::path case_dir(const std::string& name) { return std::filesystem::path(KILN_TEST_PLUGIN_DIR) / name; }

TEST(BuildpackRegistry, KeepsGoingPastBadPlugins) {
  auto registry = BuildpackRegistry::scan({case_dir("wrong_api"), case_dir("good"), case_dir("missing_factory"),
                                           case_dir("throwing_factory"), case_dir("missing_info")});
  ASSERT_EQ(registry.buildpacks().size(), 1u);
  EXPECT_EQ(registry.buildpacks()[0].descriptor.id, "com.example.good");
  ASSERT_EQ(registry.problems().size(), 4u);
  for (const auto& problem : registry.problems()) EXPECT_THAT(problem.message, HasSubstr("refused plugin"));
}

TEST(BuildpackRegistry, RefusesADuplicateIdNamingBothFiles) {
  auto registry = BuildpackRegistry::scan({case_dir("good"), case_dir("duplicate_id")});
  ASSERT_EQ(registry.buildpacks().size(), 1u);
  EXPECT_EQ(registry.buildpacks()[0].descriptor.version, "1.2.3");
  ASSERT_EQ(registry.problems().size(), 1u);
  EXPECT_THAT(registry.problems()[0].message,
              AllOf(HasSubstr("duplicate buildpack id 'com.example.good'"), HasSubstr("fixture_duplicate_id.so"),
                    HasSubstr("fixture_good.so")));
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
  EXPECT_EQ(analysis.error().code, "no_match");
  EXPECT_THAT(analysis.error().message, AllOf(HasSubstr("com.example.good"), HasSubstr("good.txt")));
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
