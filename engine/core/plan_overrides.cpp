#include "core/plan_overrides.hpp"

#include <algorithm>

namespace kiln {
namespace {

sdk::Phase& phase_named(sdk::BuildPlan& plan, const std::string& name) {
  auto it = std::find_if(plan.phases.begin(), plan.phases.end(), [&](const auto& p) { return p.name == name; });
  if (it != plan.phases.end()) return *it;
  sdk::Phase phase;
  phase.name = name;
  // An install step the buildpack did not foresee still runs before the build step.
  if (name == "install") {
    auto build = std::find_if(plan.phases.begin(), plan.phases.end(), [](const auto& p) { return p.name == "build"; });
    return *plan.phases.insert(build, std::move(phase));
  }
  plan.phases.push_back(std::move(phase));
  return plan.phases.back();
}

}  // namespace

void apply_overrides(sdk::BuildPlan& plan, const AppConfig& config) {
  if (config.install) phase_named(plan, "install").commands = {*config.install};
  if (config.build) phase_named(plan, "build").commands = {*config.build};
  if (config.start) plan.start = sdk::StartCommand{{}, *config.start};
  if (config.port) plan.port = config.port;
  if (config.build_image) plan.build_image = *config.build_image;
  if (config.run_image) plan.run_image = *config.run_image;
  plan.build_packages.insert(plan.build_packages.end(), config.packages.begin(), config.packages.end());
  plan.run_packages.insert(plan.run_packages.end(), config.run_packages.begin(), config.run_packages.end());
  for (const auto& [k, v] : config.env) plan.env[k] = v;
  if (plan.dockerfile)
    for (const auto& [k, v] : config.build_args) plan.dockerfile->build_args[k] = v;
}

void drop_missing_inputs(sdk::BuildPlan& plan, const sdk::SourceTree& tree) {
  for (auto& phase : plan.phases)
    std::erase_if(phase.inputs, [&](const std::string& input) { return !tree.exists(input); });
}

}  // namespace kiln
