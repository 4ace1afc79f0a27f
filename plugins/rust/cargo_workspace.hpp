#pragma once
// A Cargo project as a whole: the root manifest, its workspace members, and
// the one binary kiln builds.
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/source.hpp>

#include "cargo_manifest.hpp"

namespace kiln::rust {

struct CargoProject {
  std::vector<CargoPackage> packages;       // the root package first, then members by path
  std::vector<std::string> manifests;       // every Cargo.toml read, relative to the root
  std::optional<std::size_t> chosen;        // index into packages of the package to build
  std::string binary;                       // the binary of that package
  std::vector<std::string> other_binaries;  // "package/binary" left out, for the report
};

// Reads the root Cargo.toml and its members (globs like "crates/*" expanded,
// bounded), then picks the binary: the root package's if it has one; else the
// only member with binaries, else a default member's, else the first by path.
// Within a package: default-run, the binary named like the package, the first.
// nullopt without a root Cargo.toml; throws BuildpackError for one that is not TOML.
std::optional<CargoProject> read_cargo_project(const sdk::SourceTree& tree);

}  // namespace kiln::rust
