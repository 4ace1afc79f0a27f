#pragma once
// One Cargo.toml: the package it declares, its binaries, and the target files
// that must exist before Cargo will even read it.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <kiln/sdk/source.hpp>

namespace kiln::rust {

struct CargoPackage {
  std::string dir;                      // "." or "crates/api": where the Cargo.toml is
  std::string name;                     // [package].name
  std::vector<std::string> binaries;    // explicit [[bin]] and auto-discovered ones, in that order
  std::optional<std::string> default_run;
  std::set<std::string> dependencies;   // [dependencies] keys
  // Target files Cargo requires when it loads the manifest (auto-discovered
  // src/main.rs, and [[bin]]/[[example]]/[[test]]/[[bench]]/[lib] without a path).
  std::vector<std::string> required_target_files;
  std::optional<std::string> rust_version;
};

struct CargoManifest {
  std::optional<CargoPackage> package;  // absent for a virtual workspace
  std::vector<std::string> members;     // [workspace].members patterns as written
  std::vector<std::string> default_members;
};

// `dir` is "." for the root. Throws BuildpackError when the file is not TOML.
// nullopt when the file is absent.
std::optional<CargoManifest> read_cargo_manifest(const sdk::SourceTree& tree, const std::string& dir);

// Cargo's names for packages and binaries, which also keeps them shell-safe.
bool valid_cargo_name(const std::string& name);

}  // namespace kiln::rust
