#pragma once
// A workspace root (npm/yarn "workspaces", pnpm-workspace.yaml): its member
// packages, and the one among them that is an app to deploy.
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/source.hpp>
#include <kiln/support/node_package_json.hpp>

namespace kiln::node {

struct WorkspaceMember {
  std::string dir;   // normalized relative path, e.g. apps/web
  std::string name;  // its package.json "name" (shell-safe), or the folder name
};

bool is_workspace_root(const sdk::SourceTree& tree, const support::PackageJson& package);

// Member folders that have a package.json, in the order the patterns list them.
std::vector<WorkspaceMember> workspace_members(const sdk::SourceTree& tree, const support::PackageJson& package);

}  // namespace kiln::node
