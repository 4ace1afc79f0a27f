#pragma once
// The Node.js version a project asks for, and the node runtime a plan asks
// the stack catalogue for with it.
#include <optional>
#include <string>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

#include "kiln/support/node_package_json.hpp"

namespace kiln::support {

struct NodeVersionRequest {
  std::string version;  // as written: "20", "v18.17.0", ">=18 <21", "lts/iron"
  std::string source;   // .nvmrc, .node-version, or package.json engines.node
};

// Version files pin an exact version, so they win over the engines range.
std::optional<NodeVersionRequest> requested_node_version(const sdk::SourceTree& tree, const PackageJson& package);

// The leading major of an exact-looking request ("v18.17.0" -> 18, "20" -> 20);
// nullopt for ranges, aliases and anything else we would have to guess at.
std::optional<int> pinned_node_major(const std::string& version);

// The node runtime for the request, as a range kiln's semver reads: a
// version file's exact version means its release line ("20.11.1" -> "20",
// kiln has the newest 20 on offer), nvm's aliases their majors ("lts/iron" ->
// "20", "lts/*" -> the default, "node" -> the newest), an engines range stays
// as written. Pinned at the file and line it came from.
sdk::BaseImage node_runtime(const sdk::SourceTree& tree, const std::optional<NodeVersionRequest>& request);

}  // namespace kiln::support
