#pragma once
// What a Node entry file's own text says about serving HTTP: the port it
// listens on, and whether it is a server at all (a bot or a queue worker is not).
#include <optional>
#include <string_view>

#include "kiln/support/node_package_json.hpp"

namespace kiln::support {

// `.listen(8080` (a fixed port) wins over `process.env.PORT || 8080` / `?? 8080`
// (a default); nullopt when the text names neither.
std::optional<int> node_listen_port(std::string_view source);

// True when nothing in the entry file opens a server (`listen(`, `createServer`,
// `serve(`) and the package depends on a bot or job library and on no HTTP
// server library: such an app runs without a port.
bool is_node_worker(std::string_view entry_source, const PackageJson& package);

}  // namespace kiln::support
