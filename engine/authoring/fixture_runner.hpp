#pragma once
// `kiln buildpacks test DIR`: the buildpack in DIR loaded as the engine loads
// it (its buildpack.toml first, then its code), and detect and plan run on
// each fixture app, DIR/fixtures/<name>/, the way `kiln detect` and `kiln plan`
// run (looks_for, kiln.toml, plan validation). What came out is compared with
// DIR/expected/<name>.json:
//   {"detection": {buildpack, score, language, framework, package_manager, evidence, start_cmd, port}
//                 or null when the buildpack does not claim the app,
//    "plan": {...}  or  "plan_error": "why"}
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiln {

struct FixtureOutcome {
  std::string name;
  enum class State { Passed, Changed, Missing, Updated } state = State::Passed;
  std::string diff;  // Changed: expected (-) against actual (+)
};

struct FixtureRun {
  std::string buildpack;  // id@version
  std::vector<FixtureOutcome> fixtures;
  bool passed() const;
};

// With `update`, expected files are (re)written from what came out. Errors: the buildpack cannot
// be loaded, or DIR has no fixtures/.
Result<FixtureRun> run_fixtures(const std::filesystem::path& dir, bool update);

}  // namespace kiln
