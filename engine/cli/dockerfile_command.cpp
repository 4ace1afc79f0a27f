// kiln dockerfile PATH: the Dockerfile(s) kiln would build.
#include <iostream>

#include "cli/cli_context.hpp"

namespace kiln::cli {

void add_dockerfile_command(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand("dockerfile", "Print the Dockerfile kiln would build");
  add_app_options(*command, context);
  add_stack_options(*command, context);
  command->callback([&context] {
    const auto* outcome = context.run({.until = PipelineStage::Render});
    if (!outcome) return;
    const auto& units = outcome->units;
    for (const auto& unit : units) {
      // Several images (compose): say which Dockerfile is which, on stderr so stdout stays a Dockerfile for one.
      if (units.size() > 1 || !unit.dockerfile_path.empty()) {
        std::cerr << "# " << unit.name << ": " << (unit.context == "." ? "" : unit.context + "/") << unit.dockerfile_path;
        if (unit.target) std::cerr << " (target " << *unit.target << ")";
        std::cerr << "\n";
      }
      std::cout << unit.dockerfile_text;
      if (!unit.dockerfile_text.empty() && unit.dockerfile_text.back() != '\n') std::cout << "\n";
    }
  });
}

}  // namespace kiln::cli
