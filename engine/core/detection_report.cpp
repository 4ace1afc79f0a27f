#include "core/detection_report.hpp"

namespace kiln {
namespace {
nlohmann::json optional_json(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
}  // namespace

std::optional<std::string> start_command_line(const sdk::StartCommand& start) {
  if (!start.shell.empty()) return start.shell;
  if (start.argv.empty()) return std::nullopt;
  std::string line;
  for (const auto& arg : start.argv) line += (line.empty() ? "" : " ") + arg;
  return line;
}

nlohmann::json to_json(const DetectionReport& report) {
  const auto& d = report.detection;
  auto candidates = nlohmann::json::array();
  for (const auto& c : report.candidates)
    candidates.push_back({{"buildpack", c.buildpack}, {"score", c.detection.score}, {"evidence", c.detection.evidence}});
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
  };
}

}  // namespace kiln
