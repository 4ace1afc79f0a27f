#pragma once
// Which Node package manager a project uses, and the commands that drive it.
// The node stack ships node and npm only, so every other manager is fetched
// from the npm registry during the build.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <kiln/sdk/source.hpp>

#include "kiln/support/node_package_json.hpp"

namespace kiln::support {

struct NodePackageManager {
  std::string name = "npm";             // npm, yarn, pnpm, bun
  std::optional<std::string> version;   // pinned by the packageManager field, or a major from the lockfile
  std::optional<std::string> lockfile;  // the chosen manager's lockfile, when the app folder has one
  std::string decided_by = "default";   // "packageManager", a lockfile name, or "default"
  bool yarn_berry = false;              // yarn 2 or later
};
void to_json(nlohmann::json& j, const NodePackageManager& pm);
void from_json(const nlohmann::json& j, NodePackageManager& pm);

// "pnpm@9.1.0+sha512.ab12" -> {"pnpm", "9.1.0"}. nullopt unless the manager is
// one we know and the version is plain semver text (it ends up in a shell command).
struct PackageManagerField {
  std::string name;
  std::string version;
};
std::optional<PackageManagerField> parse_package_manager_field(std::string_view field);

// The packageManager field first (it is what corepack obeys), then the lockfiles, then npm.
NodePackageManager choose_node_package_manager(const sdk::SourceTree& tree, const PackageJson& package);

// Commands that put the manager on PATH; empty for the npm that ships with node.
std::vector<std::string> package_manager_setup_commands(const NodePackageManager& pm);
// Installs dependencies and devDependencies (builds need them even with NODE_ENV=production).
std::string install_command(const NodePackageManager& pm);
// Removes the devDependencies again once the build has run, so the run image
// holds what the app needs; nullopt where the manager has no safe way to.
std::optional<std::string> prune_dev_dependencies_command(const NodePackageManager& pm);
// Commands that leave the manager (and all of it) under /usr/local, for a run
// image that has node but no package manager: the setup commands already do;
// the npm that ships with node gets a copy of the same version there.
std::vector<std::string> package_manager_in_usr_local_commands(const NodePackageManager& pm);
std::string run_script_command(const NodePackageManager& pm, std::string_view script);
std::vector<std::string> run_script_argv(const NodePackageManager& pm, std::string_view script);
// Runs a binary of an installed dependency (next, remix-serve, ...) without a wrapper process.
std::vector<std::string> dependency_binary_argv(const NodePackageManager& pm, std::string_view binary);
// Runs a file with node; Yarn Plug'n'Play needs `yarn node` to resolve modules.
std::vector<std::string> node_file_argv(const NodePackageManager& pm, std::string_view file);
// Where the manager keeps its download cache in the (root) build stage.
std::vector<std::string> package_manager_cache_paths(const NodePackageManager& pm);
// Environment for the build and the running app.
std::map<std::string, std::string> package_manager_env(const NodePackageManager& pm);
// The files the install step reads, among those present in the tree.
std::vector<std::string> install_inputs(const sdk::SourceTree& tree, const NodePackageManager& pm);

}  // namespace kiln::support
