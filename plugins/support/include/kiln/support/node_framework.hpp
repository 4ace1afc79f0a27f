#pragma once
// The Node framework a project is built on, and what that implies for the build:
// whether it emits a static site, which file its production server starts from,
// and its conventional port.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <kiln/sdk/source.hpp>

#include "kiln/support/node_package_json.hpp"

namespace kiln::support {

struct NodeFramework {
  std::string name;                         // next, nuxt, remix, astro, sveltekit, create-react-app, vite, nest, express, ...
  std::optional<std::string> config_file;   // the config file that was found, as evidence
  // Set when the build emits a plain static site into this folder (relative to the app root).
  std::optional<std::string> static_output;
  // A single-page app: paths that are no file get index.html, so client-side routes survive a reload.
  bool spa = false;
  // next.config `output: 'standalone'`: the build writes a self-contained server to .next/standalone.
  bool standalone = false;
  // The production server's entry file, run with node after the build (nuxt, astro SSR, sveltekit, nest).
  std::optional<std::string> server_entry;
  // The production server's dependency binary and its arguments (next start, remix-serve build/...).
  std::vector<std::string> server_binary;
  // The build when package.json has no "build" script: a dependency binary and its arguments.
  std::vector<std::string> build_binary;
  int port = 3000;
  std::map<std::string, std::string> env;  // build and run
};
void to_json(nlohmann::json& j, const NodeFramework& f);
void from_json(const nlohmann::json& j, NodeFramework& f);

// The most specific framework first: meta-frameworks (next, nuxt, remix, tanstack
// start, astro, sveltekit, angular, expo, site generators) before the bundler they
// use (vite) and the server they embed (express).
std::optional<NodeFramework> detect_node_framework(const sdk::SourceTree& tree, const PackageJson& package);

// True for start scripts that run a development server (`astro dev`, `vite`,
// `react-scripts start`, ...), which a production image must not run when the
// framework knows a better command.
bool is_dev_server_command(std::string_view script);

}  // namespace kiln::support
