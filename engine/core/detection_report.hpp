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

// One buildpack's answer about the app, for `kiln detect --explain` and the report.
struct Verdict {
  enum class Outcome {
    Passed,    // matched, with a score and evidence
    Declined,  // asked, and said no
    NotAsked,  // none of the files it looks for is here, so its code was not even loaded
    Failed,    // could not be loaded or failed while detecting: `reason` says why
  };
  std::string buildpack;
  Outcome outcome = Outcome::NotAsked;
  int score = 0;
  std::vector<std::string> evidence;   // what it saw (passed, and declined when it says)
  std::vector<std::string> looks_for;  // from its descriptor
  std::string reason;                  // failed: the error
  // From its descriptor too: files that count only when they mention one of the words.
  std::vector<std::string> looks_inside;
  std::vector<std::string> mentions;
};

// "passed", "declined", "not_asked", "failed".
const char* to_string(Verdict::Outcome outcome);
// One line of `kiln detect --explain` and of the no-match message: "passed, score 80 (package.json)".
std::string describe(const Verdict& verdict);

struct DetectionReport {
  std::string buildpack;          // the chosen one
  sdk::Detection detection;       // its detection
  std::vector<Candidate> candidates;  // every passing buildpack, best first (the chosen one included)
  std::vector<std::string> warnings;  // buildpacks that failed while detecting, and why
  std::vector<Verdict> verdicts;      // every loaded buildpack's, in registry order
  // Filled from the plan when one could be generated.
  std::optional<std::string> start_cmd;
  std::optional<int> port;
};

// The start command as one line: argv joined with spaces, or the shell string.
std::optional<std::string> start_command_line(const sdk::StartCommand& start);

// `kiln detect --json`: buildpack, language, framework, package_manager,
// start_cmd, port, score, evidence, candidates[{buildpack, score, evidence}],
// verdicts[{buildpack, verdict, score, evidence, looks_for, reason, looks_inside{files, words}}].
nlohmann::json to_json(const DetectionReport& report);

}  // namespace kiln
