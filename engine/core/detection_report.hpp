#pragma once
// Why kiln chose a buildpack: the winner's detection, and every other candidate.
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/detector.hpp>
#include <kiln/sdk/plan.hpp>
#include <nlohmann/json.hpp>

namespace kiln {

struct Candidate {
  std::string buildpack;
  int priority = 0;
  sdk::Detection detection;
};

struct DetectionReport {
  std::string buildpack;          // the chosen one
  sdk::Detection detection;       // its detection
  std::vector<Candidate> candidates;  // every passing buildpack, best first (the chosen one included)
  std::vector<std::string> warnings;  // buildpacks that failed while detecting, and why
  // Filled from the plan when one could be generated.
  std::optional<std::string> start_cmd;
  std::optional<int> port;
};

// The start command as one line: argv joined with spaces, or the shell string.
std::optional<std::string> start_command_line(const sdk::StartCommand& start);

// `kiln detect --json`: buildpack, language, framework, package_manager,
// start_cmd, port, score, evidence, candidates[{buildpack, score, evidence}].
nlohmann::json to_json(const DetectionReport& report);

}  // namespace kiln
