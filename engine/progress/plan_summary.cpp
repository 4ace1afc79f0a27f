#include "progress/plan_summary.hpp"

namespace kiln::progress {

std::string start_command_line(const sdk::StartCommand& start) {
  if (start.argv.empty()) return start.shell;
  std::string line;
  for (const auto& word : start.argv) {
    if (!line.empty()) line += ' ';
    if (!word.empty() && word.find_first_of(" \t\"'\\$") == std::string::npos) {
      line += word;
      continue;
    }
    line += '"';
    for (char c : word) {
      if (c == '"' || c == '\\' || c == '$') line += '\\';
      line += c;
    }
    line += '"';
  }
  return line;
}

PlanSummary summarize_plan(const sdk::BuildPlan& plan, const std::string& run_image) {
  PlanSummary summary;
  summary.buildpack = plan.buildpack;
  summary.language = plan.language;
  summary.framework = plan.framework;
  summary.package_manager = plan.package_manager;
  summary.runtime = run_image;
  for (const auto& phase : plan.phases) {
    auto& into = phase.name == "install" ? summary.install : summary.build;
    into.insert(into.end(), phase.commands.begin(), phase.commands.end());
  }
  summary.start = start_command_line(plan.start);
  summary.port = plan.port;
  if (plan.dockerfile) summary.dockerfile = plan.dockerfile->path;
  for (const auto& service : plan.services) summary.services.push_back(service.name);
  return summary;
}

}  // namespace kiln::progress
