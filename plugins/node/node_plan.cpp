#include "node_plan.hpp"

#include <kiln/sdk/generator.hpp>
#include <kiln/support/node_pnpm_lockfile.hpp>
#include <kiln/support/node_version.hpp>
#include <kiln/support/static_site_server.hpp>

namespace kiln::node {
namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

sdk::Phase install_phase(const NodeProject& project, const support::NodePackageManager& pm) {
  sdk::Phase phase;
  phase.name = "install";
  phase.inputs = project.install_inputs;
  phase.commands = support::package_manager_setup_commands(pm);
  phase.commands.push_back(support::install_command(pm));
  phase.cache_paths = support::package_manager_cache_paths(pm);
  return phase;
}

std::optional<sdk::Phase> build_phase(const NodeProject& project, const support::NodePackageManager& pm) {
  sdk::Phase phase;
  phase.name = "build";
  if (project.has_build_script) {
    phase.commands = {support::run_script_command(pm, "build")};
  } else if (project.framework && !project.framework->build_binary.empty()) {
    // Meta-frameworks produce nothing runnable without their build, script or not.
    const auto& binary = project.framework->build_binary;
    auto argv = support::dependency_binary_argv(pm, binary.front());
    argv.insert(argv.end(), binary.begin() + 1, binary.end());
    phase.commands = {join(argv)};
  } else {
    return std::nullopt;
  }
  if (project.framework && project.framework->name == "next") phase.cache_paths = {"/app/.next/cache"};
  return phase;
}

support::NodePackageManager pinned_package_manager(const sdk::SourceTree& tree, support::NodePackageManager pm) {
  // Read here, not in detect: pnpm lockfiles can be megabytes and only the build needs the version.
  if (pm.name == "pnpm" && !pm.version && pm.lockfile) pm.version = support::pnpm_major_for_lockfile(tree, *pm.lockfile);
  return pm;
}

}  // namespace

sdk::BuildPlan make_node_plan(const sdk::SourceTree& tree, const NodeProject& project) {
  if (!project.runnable())
    throw sdk::BuildpackError("cannot tell how to start this app: " + unrunnable_reason(project));
  const auto pm = pinned_package_manager(tree, project.package_manager);

  sdk::BuildPlan plan;
  plan.buildpack = "kiln.node";
  plan.language = project.language();
  if (project.framework) plan.framework = project.framework->name;
  plan.package_manager = pm.name;
  plan.build_image = support::node_runtime(tree, project.node_version);
  plan.build_env = {{"NPM_CONFIG_FUND", "false"}, {"NPM_CONFIG_AUDIT", "false"}};

  plan.phases.push_back(install_phase(project, pm));
  if (auto build = build_phase(project, pm)) plan.phases.push_back(std::move(*build));

  std::map<std::string, std::string> env{{"NODE_ENV", "production"}, {"NPM_CONFIG_UPDATE_NOTIFIER", "false"}};
  if (project.framework) env.insert(project.framework->env.begin(), project.framework->env.end());
  env.merge(support::package_manager_env(pm));

  if (project.emits_static_site()) {
    plan.run_image = sdk::BaseImage::of_runtime(std::string(support::kStaticRuntime));
    // The static run image has no node: the environment only matters to the build.
    plan.build_env.insert(env.begin(), env.end());
    plan.artifacts = {sdk::Artifact{"/app/" + *project.framework->static_output, std::string(support::kStaticServedDir)}};
    plan.start = support::static_site_start(support::kStaticServedDir);
    plan.port = support::kStaticPort;
  } else {
    plan.run_image = plan.build_image;
    plan.env = std::move(env);
    plan.start = project.start->command;
    plan.port = project.framework ? project.framework->port : 3000;
  }
  return plan;
}

}  // namespace kiln::node
