#pragma once
// Which package of a Go module (or workspace) is the program to build.
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/source.hpp>

namespace kiln::go {

struct MainPackage {
  std::string package;  // "." or "cmd/api" or "api/cmd/server" (relative, normalized)
  std::string file;     // the file that says `package main`
};

// The main packages of the module in `dir` ("" for the app root): the folder
// itself when it is `package main`, else each cmd/<name>/ that is. Looks at a
// bounded number of files.
std::vector<MainPackage> main_packages_in(const sdk::SourceTree& tree, const std::string& dir);

// Which of several to build: the only one; else the one named like the
// module's last path element (cmd/shipper of .../shipper); else the one
// named like a server (server, api, web, app) when only one is. nullopt:
// the user has to choose. module_path may be empty (a workspace has none).
std::optional<MainPackage> choose_main_package(const std::vector<MainPackage>& found, const std::string& module_path);

}  // namespace kiln::go
