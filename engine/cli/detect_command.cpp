// kiln detect PATH [--json]: which buildpack, why, and the other candidates.
#include <algorithm>
#include <iostream>

#include "cli/cli_context.hpp"

namespace kiln::cli {
namespace {

void print_human(const DetectionReport& report) {
  const auto& d = report.detection;
  std::cout << report.buildpack << "  " << d.language;
  if (d.framework) std::cout << " / " << *d.framework;
  if (d.package_manager) std::cout << " (" << *d.package_manager << ")";
  std::cout << "  score " << d.score << "\n";
  std::cout << "  start: " << report.start_cmd.value_or("(none)")
            << "   port: " << (report.port ? std::to_string(*report.port) : "(none)") << "\n";
  std::cout << "  evidence:";
  for (const auto& e : d.evidence) std::cout << " " << e;
  std::cout << "\n";
  if (report.candidates.size() > 1) {
    std::cout << "  other candidates:\n";
    for (const auto& c : report.candidates) {
      if (c.buildpack == report.buildpack) continue;
      std::cout << "    " << c.buildpack << "  score " << c.detection.score << " ";
      for (const auto& e : c.detection.evidence) std::cout << " " << e;
      std::cout << "\n";
    }
  }
}

// --explain: every buildpack's verdict, the winner first.
void print_verdicts(const DetectionReport& report) {
  std::size_t width = 0;
  for (const auto& v : report.verdicts) width = std::max(width, v.buildpack.size());
  std::cout << "verdicts:\n";
  for (const auto& v : report.verdicts)
    std::cout << "  " << (v.buildpack == report.buildpack ? "* " : "  ") << v.buildpack
              << std::string(width - v.buildpack.size() + 2, ' ') << describe(v) << "\n";
}

}  // namespace

void add_detect_command(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand("detect", "Which buildpack matches the app, and why");
  add_app_options(*command, context);
  static bool json = false;
  command->add_flag("--json", json, "Print the detection report as JSON");
  static bool explain = false;
  command->add_flag("--explain", explain, "Show every buildpack's verdict: passed, declined, not asked, failed");
  command->callback([&context] {
    const auto* outcome = context.run({.until = PipelineStage::Analyse});
    if (!outcome) return;
    const auto& analysis = outcome->analysis;
    if (analysis->plan_error) std::cerr << "kiln: warning: no build plan: " << analysis->plan_error->message << "\n";
    if (json) std::cout << to_json(analysis->report).dump(2) << "\n";
    else print_human(analysis->report);
    if (explain && !json) print_verdicts(analysis->report);
  });
}

}  // namespace kiln::cli
