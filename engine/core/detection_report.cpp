#include "core/detection_report.hpp"

#include <boost/algorithm/string/join.hpp>

namespace kiln {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

std::string joined(const std::vector<std::string>& items, const char* separator = ", ") {
  return boost::algorithm::join(items, separator);
}

}  // namespace

std::optional<std::string> start_command_line(const sdk::StartCommand& start) {
  if (!start.shell.empty()) return start.shell;
  if (start.argv.empty()) return std::nullopt;
  std::string line;
  for (const auto& arg : start.argv) line += (line.empty() ? "" : " ") + arg;
  return line;
}

const char* to_string(Verdict::Outcome outcome) {
  switch (outcome) {
    case Verdict::Outcome::Passed: return "passed";
    case Verdict::Outcome::Declined: return "declined";
    case Verdict::Outcome::NotAsked: return "not_asked";
    case Verdict::Outcome::Failed: return "failed";
  }
  return "failed";
}

std::string describe(const Verdict& v) {
  switch (v.outcome) {
    case Verdict::Outcome::Passed: return "passed, score " + std::to_string(v.score) + " (" + joined(v.evidence) + ")";
    case Verdict::Outcome::Declined: return "declined" + (v.evidence.empty() ? "" : " (saw " + joined(v.evidence) + ")");
    case Verdict::Outcome::NotAsked: {
      std::string why = "not asked: none of " + joined(v.looks_for) + " is here";
      if (v.looks_inside.empty()) return why;
      if (v.looks_for.empty()) why = "not asked";
      return why + (v.looks_for.empty() ? ": " : ", and ") + "none of " + joined(v.looks_inside) + " mentions " +
             joined(v.mentions, " or ");
    }
    case Verdict::Outcome::Failed: return "failed: " + v.reason;
  }
  return "";
}

nlohmann::json to_json(const Verdict& verdict) {
  nlohmann::json out = {{"buildpack", verdict.buildpack},
                        {"verdict", to_string(verdict.outcome)},
                        {"score", verdict.score},
                        {"evidence", verdict.evidence},
                        {"looks_for", verdict.looks_for}};
  if (!verdict.reason.empty()) out["reason"] = verdict.reason;
  if (!verdict.looks_inside.empty()) out["looks_inside"] = {{"files", verdict.looks_inside}, {"words", verdict.mentions}};
  return out;
}

nlohmann::json to_json(const DetectionReport& report) {
  const auto& d = report.detection;
  auto candidates = nlohmann::json::array();
  for (const auto& c : report.candidates)
    candidates.push_back({{"buildpack", c.buildpack}, {"score", c.detection.score}, {"evidence", c.detection.evidence}});
  auto verdicts = nlohmann::json::array();
  for (const auto& v : report.verdicts) verdicts.push_back(to_json(v));
  return {
      {"buildpack", report.buildpack},
      {"language", d.language},
      {"framework", optional_json(d.framework)},
      {"package_manager", optional_json(d.package_manager)},
      {"start_cmd", optional_json(report.start_cmd)},
      {"port", report.port ? nlohmann::json(*report.port) : nlohmann::json()},
      {"score", d.score},
      {"evidence", d.evidence},
      {"candidates", candidates},
      {"verdicts", verdicts},
  };
}

}  // namespace kiln
