// kiln plan PATH: the build plan as JSON.
#include <iostream>

#include "cli/cli_context.hpp"

namespace kiln::cli {

void add_plan_command(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand("plan", "Print the build plan as JSON");
  add_app_options(*command, context);
  command->callback([&context] {
    const auto* outcome = context.run({.until = PipelineStage::Plan});
    if (outcome) std::cout << nlohmann::json(*outcome->analysis->plan).dump(2) << "\n";
  });
}

}  // namespace kiln::cli
