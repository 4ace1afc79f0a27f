#pragma once
// Everything detection learns about a Node project, kept as the detection's
// facts so generate() builds the plan without asking the tree again.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <kiln/sdk/source.hpp>
#include <kiln/support/node_framework.hpp>
#include <kiln/support/node_package_json.hpp>
#include <kiln/support/node_package_manager.hpp>
#include <kiln/support/node_start_command.hpp>
#include <kiln/support/node_version.hpp>

#include "node_workspace.hpp"

namespace kiln::node {

struct NodeProject {
  support::NodePackageManager package_manager;
  std::optional<support::NodeFramework> framework;
  std::optional<support::NodeStart> start;  // how the server starts; unused when the build emits a static site
  bool has_build_script = false;
  // Scripts npm, yarn and pnpm run during install; they may need the whole source.
  std::vector<std::string> install_lifecycle_scripts;
  // The files the install step reads; empty when it must run after the whole source is copied.
  std::vector<std::string> install_inputs;
  std::optional<support::NodeVersionRequest> node_version;
  bool workspace_root = false;
  // The port the server listens on; nullopt for an app that serves no HTTP (a bot, a queue worker).
  std::optional<int> port = 3000;
  // Set when the tree is a workspace root and this member is the app: the plan
  // installs at the root (its lockfile) and builds and starts in the member's folder.
  std::optional<WorkspaceMember> member;
  bool turbo = false;                      // the root runs builds with turborepo
  std::vector<std::string> other_members;  // deployable members not chosen, for the message
  std::vector<std::string> evidence;
  std::vector<std::string> notes;  // what the user should know: ignored fields, missing lockfile, ...

  bool emits_static_site() const { return framework && framework->static_output; }
  bool runnable() const { return (emits_static_site() || start.has_value()) && other_members.empty(); }
  // The runtime: Node.js, even when bun installs the packages (an app that runs on Bun is kiln.bun's).
  std::string language() const { return "node"; }
};

// Why the project cannot be started, for the user; meaningful when !runnable().
std::string unrunnable_reason(const NodeProject& project);

// `member`: the workspace member to build (kiln.toml [buildpack_options] app), when the user named one.
NodeProject analyse_node_project(const sdk::SourceTree& tree, const support::PackageJson& package,
                                 const std::optional<std::string>& member = std::nullopt);

nlohmann::json to_facts(const NodeProject& project);
// Throws nlohmann::json::exception when the facts were not written by to_facts.
NodeProject from_facts(const nlohmann::json& facts);

}  // namespace kiln::node
