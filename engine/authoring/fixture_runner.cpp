#include "authoring/fixture_runner.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "authoring/buildpack_folder.hpp"
#include "authoring/text_diff.hpp"
#include "core/app_analysis.hpp"
#include "core/whole_file.hpp"
#include "plugins/buildpack_loader.hpp"
#include "plugins/buildpack_registry.hpp"

namespace kiln {
namespace fs = std::filesystem;
namespace {

// Messages name files by absolute path; the expected files hold them relative to DIR, so they
// read the same on every machine.
std::string portable(std::string message, const fs::path& dir) {
  const auto root = fs::weakly_canonical(dir).string() + "/";
  for (auto at = message.find(root); at != std::string::npos; at = message.find(root, at)) message.erase(at, root.size());
  return message;
}

nlohmann::json detection_json(const DetectionReport& report) {
  const auto& d = report.detection;
  return {{"buildpack", report.buildpack},
          {"score", d.score},
          {"language", d.language},
          {"framework", d.framework ? nlohmann::json(*d.framework) : nlohmann::json()},
          {"package_manager", d.package_manager ? nlohmann::json(*d.package_manager) : nlohmann::json()},
          {"evidence", d.evidence},
          {"start_cmd", report.start_cmd ? nlohmann::json(*report.start_cmd) : nlohmann::json()},
          {"port", report.port ? nlohmann::json(*report.port) : nlohmann::json()}};
}

// What one fixture app gives, as its expected file holds it.
Result<nlohmann::json> fixture_result(const BuildpackRegistry& registry, const fs::path& dir, const fs::path& app) {
  auto tree = LocalSourceTree::open(app);
  if (!tree) return tree.error();
  auto analysis = analyze_app(*tree, registry);
  if (!analysis) {
    nlohmann::json out{{"detection", nullptr}};
    if (analysis.error().code != ErrorCode::NoBuildpack) out["error"] = portable(analysis.error().message, dir);
    return out;
  }
  nlohmann::json out{{"detection", detection_json(analysis->report)}};
  if (analysis->plan) out["plan"] = nlohmann::json(*analysis->plan);
  else if (analysis->plan_error) out["plan_error"] = portable(analysis->plan_error->message, dir);
  return out;
}

}  // namespace

bool FixtureRun::passed() const {
  return std::all_of(fixtures.begin(), fixtures.end(), [](const FixtureOutcome& f) {
    return f.state == FixtureOutcome::State::Passed || f.state == FixtureOutcome::State::Updated;
  });
}

Result<FixtureRun> run_fixtures(const fs::path& dir, bool update) {
  auto descriptor = locate_buildpack(dir);
  if (!descriptor) return descriptor.error();
  const auto fixtures = dir / "fixtures";
  std::error_code ec;
  std::vector<fs::path> apps;
  for (const auto& entry : fs::directory_iterator(fixtures, ec))
    if (entry.is_directory()) apps.push_back(entry.path());
  if (apps.empty())
    return Error{ErrorCode::InvalidRequest, fixtures.string() + ": no fixture apps (one folder per app, its expected result in " +
                                                (dir / "expected").string() + "/<name>.json)"};
  std::sort(apps.begin(), apps.end());

  BuildpackRegistry registry;
  registry.add(RegisteredBuildpack(*descriptor, load_buildpack_code));
  if (auto code = registry.buildpacks().front().code(); !code) return code.error();
  FixtureRun run{descriptor->id + "@" + descriptor->version, {}};
  fs::create_directories(dir / "expected", ec);
  for (const auto& app : apps) {
    FixtureOutcome outcome{app.filename().string(), FixtureOutcome::State::Passed, {}};
    auto actual = fixture_result(registry, dir, app);
    if (!actual) return actual.error();
    const auto actual_text = actual->dump(2) + "\n";
    const auto expected_file = dir / "expected" / (outcome.name + ".json");
    std::optional<std::string> expected_text;
    if (auto text = read_whole_file(expected_file)) expected_text = std::move(*text);
    if (expected_text) {
      auto parsed = nlohmann::json::parse(*expected_text, nullptr, false);
      // Compared as JSON, shown as text: key order and spacing in a hand-edited file do not count.
      if (!parsed.is_discarded() && parsed == *actual) {
        run.fixtures.push_back(std::move(outcome));
        continue;
      }
      if (!parsed.is_discarded()) expected_text = parsed.dump(2) + "\n";
    }
    if (update) {
      std::ofstream(expected_file, std::ios::trunc) << actual_text;
      outcome.state = FixtureOutcome::State::Updated;
    } else if (!expected_text) {
      outcome.state = FixtureOutcome::State::Missing;
    } else {
      outcome.state = FixtureOutcome::State::Changed;
      outcome.diff = line_diff(*expected_text, actual_text);
    }
    run.fixtures.push_back(std::move(outcome));
  }
  return run;
}

}  // namespace kiln
