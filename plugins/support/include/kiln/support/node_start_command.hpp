#pragma once
// How a Node server starts, inferred the way Nixpacks and Cloud Native
// Buildpacks do: the start script, else the framework's production server,
// else package.json "main", else a conventional entry file.
#include <optional>
#include <string>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

#include "kiln/support/node_framework.hpp"
#include "kiln/support/node_package_json.hpp"
#include "kiln/support/node_package_manager.hpp"

namespace kiln::support {

struct NodeStart {
  sdk::StartCommand command;
  std::string decided_by;           // scripts.start, scripts.start:prod, the framework, package.json main, server.js, ...
  std::optional<std::string> file;  // the entry file found in the tree, as evidence
};

// nullopt when nothing in the project says how to start it.
std::optional<NodeStart> infer_node_start(const sdk::SourceTree& tree, const PackageJson& package,
                                          const NodePackageManager& pm, const std::optional<NodeFramework>& framework);

// The file the start command runs, when it is in the tree (before any build): the
// entry file found, the file a start script names, or package.json "main".
std::optional<std::string> node_entry_file(const sdk::SourceTree& tree, const PackageJson& package, const NodeStart& start);

}  // namespace kiln::support
