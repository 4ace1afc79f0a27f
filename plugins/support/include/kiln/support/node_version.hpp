#pragma once
// The Node.js version a project asks for. The node stack is fixed, so this is
// reported (and compared) rather than installed.
#include <optional>
#include <string>

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

}  // namespace kiln::support
