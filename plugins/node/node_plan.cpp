#include "node_plan.hpp"

#include <kiln/sdk/generator.hpp>
#include <kiln/support/node_pnpm_lockfile.hpp>
#include <kiln/support/node_version.hpp>
#include <kiln/support/static_site_server.hpp>

namespace kiln::node {
namespace {

constexpr const char* kApp = "/app";
// Global installs (the package manager) land here on the node stack.
constexpr const char* kGlobal = "/usr/local";

// "apps/web/" for a workspace member, "" for an app at the root.
std::string app_folder(const NodeProject& project) { return project.member ? project.member->dir + "/" : ""; }

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

// Commands for a workspace member run in its folder (the package managers find the root's install from there).
std::string in_member_folder(const NodeProject& project, const std::string& command) {
  return project.member ? "cd " + project.member->dir + " && " + command : command;
}

std::optional<sdk::Phase> build_phase(const NodeProject& project, const support::NodePackageManager& pm) {
  sdk::Phase phase;
  phase.name = "build";
  if (project.member && project.turbo) {
    // turborepo builds the member's workspace dependencies first, in order.
    phase.commands = {"node_modules/.bin/turbo run build --filter=" + project.member->name};
  } else if (project.has_build_script) {
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
  if (!(project.member && project.turbo)) phase.commands.back() = in_member_folder(project, phase.commands.back());
  if (project.framework && project.framework->name == "next") phase.cache_paths = {"/app/" + app_folder(project) + ".next/cache"};
  return phase;
}

// After the build: devDependencies and build caches go, the package manager
// the start command may need is put under /usr/local.
sdk::Phase prune_phase(const NodeProject& project, const support::NodePackageManager& pm) {
  sdk::Phase phase;
  phase.name = "prune";
  if (auto prune = support::prune_dev_dependencies_command(pm)) phase.commands.push_back(*prune);
  std::string caches = "rm -rf node_modules/.cache";
  if (project.framework && project.framework->name == "next") caches += " .next/cache";
  phase.commands.push_back(caches);
  for (auto& command : support::package_manager_in_usr_local_commands(pm)) phase.commands.push_back(std::move(command));
  return phase;
}

support::NodePackageManager pinned_package_manager(const sdk::SourceTree& tree, support::NodePackageManager pm) {
  // Read here, not in detect: pnpm lockfiles can be megabytes and only the build needs the version.
  if (pm.name == "pnpm" && !pm.version && pm.lockfile) pm.version = support::pnpm_major_for_lockfile(tree, *pm.lockfile);
  return pm;
}

// Next's standalone output is the server with only the node_modules it needs;
// its static assets and public/ are copied in beside it, as Next's docs say.
std::vector<sdk::Artifact> next_standalone_artifacts(const sdk::SourceTree& tree) {
  std::vector<sdk::Artifact> artifacts{{"/app/.next/standalone", "/app"}, {"/app/.next/static", "/app/.next/static"}};
  if (tree.is_dir("public")) artifacts.push_back({"/app/public", "/app/public"});
  return artifacts;
}

sdk::StartCommand member_start(const NodeProject& project) {
  const auto& command = project.start->command;
  if (!project.member) return command;
  sdk::StartCommand shell;
  shell.shell = in_member_folder(project, "exec " + (command.shell.empty() ? join(command.argv) : command.shell));
  return shell;
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
    plan.run_image = support::static_site_runtime(project.framework->spa);
    // The static run image has no node: the environment only matters to the build.
    plan.build_env.insert(env.begin(), env.end());
    plan.artifacts = {sdk::Artifact{"/app/" + app_folder(project) + *project.framework->static_output,
                                    std::string(support::kStaticServedDir)}};
    plan.start = support::static_site_start(support::kStaticServedDir, project.framework->spa);
    plan.port = support::kStaticPort;
  } else {
    plan.phases.push_back(prune_phase(project, pm));
    // Node.js alone (no npm, no compiler, no caches), of the version the build
    // stage has: the app and its package manager (global installs land in
    // /usr/local) come from the build stage.
    plan.run_image = sdk::BaseImage::of_runtime("node-runtime", plan.build_image.version, plan.build_image.pinned_by);
    plan.artifacts = {sdk::Artifact{kApp, kApp}, sdk::Artifact{kGlobal, kGlobal}};
    plan.env = std::move(env);
    plan.start = member_start(project);
    plan.port = project.port;
    if (project.framework && project.framework->standalone && !project.member)
      plan.artifacts = next_standalone_artifacts(tree);
  }
  return plan;
}

}  // namespace kiln::node
