#pragma once
// Detection of Cargo projects.
#include <kiln/sdk/detector.hpp>

namespace kiln::rust {

// Cargo.toml with a binary to build: 80. Cargo.toml without one (a library, or
// a workspace of libraries), or one that is not TOML: 40, and generate
// explains. No Cargo.toml: no.
// Facts: package, package_dir, binary, manifests, locked, stubs, rust_version,
// toolchain, other_binaries, error.
sdk::Detection detect_rust(const sdk::SourceTree& tree);

}  // namespace kiln::rust
