#pragma once
// Which package of a Go module is the program to build.
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/source.hpp>

namespace kiln::go {

struct MainPackage {
  std::string package;                 // "." or "cmd/api" (relative, normalized)
  std::string file;                    // the file that says `package main`
  std::vector<std::string> others;     // other main packages under cmd/ that were not chosen
};

// The root package when it is `package main`; else one of cmd/<name>/: the
// only one, or the one named like the module's last element, or server/api/
// web/app, or the first by name. Looks at a bounded number of files.
std::optional<MainPackage> find_main_package(const sdk::SourceTree& tree, const std::string& module_path);

}  // namespace kiln::go
