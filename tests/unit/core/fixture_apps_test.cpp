// Data-driven: every tests/fixtures/expectations/<name>.json names an app under
// tests/fixtures/apps and what `kiln detect --json` must say about it, with the
// bundled buildpacks loaded exactly as the kiln executable loads them.
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/app_analysis.hpp"
#include "core/build_units.hpp"
#include "core/local_source_tree.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = KILN_FIXTURES_DIR;

const BuildpackRegistry& bundled_registry() {
  static const BuildpackRegistry registry = BuildpackRegistry::scan({KILN_BUILD_BUILDPACK_DIR});
  return registry;
}

std::vector<std::string> expectation_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kFixtures / "expectations"))
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

class FixtureApp : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureApp, DetectsPlansAndRendersAsExpected) {
  std::ifstream file(kFixtures / "expectations" / (GetParam() + ".json"));
  auto expectation = nlohmann::json::parse(file);
  auto app_dir = kFixtures / "apps" / expectation.at("app").get<std::string>();
  auto tree = LocalSourceTree::open(app_dir);
  ASSERT_TRUE(tree.ok()) << tree.error().message;

  auto analysis = analyze_app(*tree, bundled_registry());
  ASSERT_TRUE(analysis.ok()) << analysis.error().message;
  EXPECT_TRUE(analysis->report.warnings.empty()) << analysis->report.warnings.front();
  auto report = to_json(analysis->report);
  for (const auto& [key, expected] : expectation.at("expect").items())
    EXPECT_EQ(report.at(key), expected) << "key '" << key << "' of the detection report:\n" << report.dump(2);

  auto plan = plan_of(*analysis);
  // An app kiln recognises but cannot plan on its own (several programs, no choice made):
  // the message is the expectation.
  if (auto it = expectation.find("plan_error"); it != expectation.end()) {
    ASSERT_FALSE(plan.ok()) << "expected the plan to fail with: " << it->get<std::string>();
    EXPECT_THAT(plan.error().message, ::testing::HasSubstr(it->get<std::string>()));
    return;
  }
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  // Plans are data: they survive a JSON round trip unchanged.
  EXPECT_EQ(nlohmann::json(nlohmann::json(*plan).get<sdk::BuildPlan>()), nlohmann::json(*plan));

  RenderOptions options;
  options.app_name = analysis->tree->name();
  auto units = build_units(*plan, *analysis->tree, options);
  ASSERT_TRUE(units.ok()) << units.error().message;
  std::string dockerfiles;
  for (const auto& unit : *units) dockerfiles += unit.dockerfile_text;
  for (const auto& needle : expectation.value("dockerfile_contains", nlohmann::json::array()))
    EXPECT_THAT(dockerfiles, ::testing::HasSubstr(needle.get<std::string>()));
  for (const auto& needle : expectation.value("dockerfile_not_contains", nlohmann::json::array()))
    EXPECT_THAT(dockerfiles, ::testing::Not(::testing::HasSubstr(needle.get<std::string>())));
}

INSTANTIATE_TEST_SUITE_P(Expectations, FixtureApp, ::testing::ValuesIn(expectation_names()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(BundledBuildpacks, AllLoadWithoutProblems) {
  const auto& registry = bundled_registry();
  for (const auto& problem : registry.problems()) ADD_FAILURE() << problem.message;
  std::vector<std::string> ids;
  for (const auto& b : registry.buildpacks()) ids.push_back(b.descriptor.id);
  for (const char* id : {"kiln.node", "kiln.python", "kiln.go", "kiln.rust", "kiln.java", "kiln.static",
                         "kiln.dockerfile", "kiln.compose", "kiln.generic", "kiln.ruby", "kiln.php", "kiln.deno",
                         "kiln.bun", "kiln.shell", "kiln.elixir", "kiln.cpp", "kiln.cobol", "kiln.haskell", "kiln.clojure", "kiln.zig", "kiln.crystal", "kiln.gleam", "kiln.dotnet", "kiln.dart", "kiln.swift", "kiln.scala"})
    EXPECT_THAT(ids, ::testing::Contains(id));
}

// kiln.toml's go_main settles what detection could not: which of several Go programs to build.
TEST(GoMainOption, ChoosesAmongSeveralMainPackages) {
  testing::TempDir dir;
  dir.write("go.mod", "module github.com/acme/metrics\n\ngo 1.22\n");
  dir.write("cmd/ingest/main.go", "package main\n\nfunc main() {}\n");
  dir.write("cmd/report/main.go", "package main\n\nfunc main() {}\n");
  auto plan_text = [&] {
    auto tree = LocalSourceTree::open(dir.path());
    auto analysis = analyze_app(*tree, bundled_registry());
    auto plan = plan_of(*analysis);
    return plan.ok() ? nlohmann::json(*plan).dump() : "error: " + plan.error().message;
  };
  EXPECT_THAT(plan_text(), ::testing::HasSubstr("several main packages (cmd/ingest, cmd/report)"));

  dir.write("kiln.toml", "[buildpack_options]\ngo_main = \"cmd/report\"\n");
  EXPECT_THAT(plan_text(), ::testing::HasSubstr("-o /app/server ./cmd/report"));

  dir.write("kiln.toml", "[buildpack_options]\ngo_main = \"../elsewhere\"\n");
  EXPECT_THAT(plan_text(), ::testing::HasSubstr("error: "));
}

// A uv workspace whose root is no project (only [tool.uv.workspace]) is its members: all are
// installed, after the source (their folders) is there, and their dependencies name the framework.
TEST(PythonUvWorkspace, AVirtualRootInstallsEveryMember) {
  testing::TempDir dir;
  dir.write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"services/*\"]\n");
  dir.write("uv.lock", "version = 1\nrequires-python = \">=3.11\"\n");
  dir.write("services/api/pyproject.toml",
            "[project]\nname = \"api\"\nversion = \"0.1.0\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n");
  // The app is a member's module; which one is the user's word.
  dir.write("kiln.toml", "start = \"uvicorn api.main:app --host 0.0.0.0 --port $PORT\"\n");
  auto tree = LocalSourceTree::open(dir.path());
  auto analysis = analyze_app(*tree, bundled_registry());
  ASSERT_TRUE(analysis.ok()) << analysis.error().message;
  EXPECT_EQ(to_json(analysis->report).at("framework"), "fastapi");
  auto plan = plan_of(*analysis);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_FALSE(plan->phases.empty());
  EXPECT_TRUE(plan->phases[0].inputs.empty());
  EXPECT_THAT(plan->phases[0].commands.front(), ::testing::HasSubstr("uv sync --locked --all-packages --no-dev"));
}

}  // namespace
}  // namespace kiln
