// kiln plan PATH: the build plan as JSON.
#include <iostream>

#include "cli/cli_context.hpp"

namespace kiln::cli {

void add_plan_command(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand("plan", "Print the build plan as JSON");
  add_app_options(*command, context);
  command->callback([&context] {
    auto registry = context.load_registry();
    auto analysis = context.analyze(registry);
    if (!analysis) return;
    auto plan = plan_of(*analysis);
    if (!plan) return context.fail(plan.error());
    std::cout << nlohmann::json(*plan).dump(2) << "\n";
  });
}

}  // namespace kiln::cli
