#pragma once
// The dependency layer of a Cargo build: `cargo fetch` on the manifests and lockfile alone.
#include <string>
#include <vector>

#include <kiln/sdk/plan.hpp>

namespace kiln::rust {

// Why stubs: Cargo will not load a manifest whose targets are missing ("no
// targets specified", "can't find bin"), and before the source is copied every
// target is missing. So the phase creates empty placeholder files at the
// paths Cargo insists on, fetches, and deletes them again in the same step:
// the layer keeps only the downloaded crates, and nothing of the placeholders
// can shadow the real source copied after it.
// `manifests` and `lockfile` (if present) are the inputs; `stubs` come from
// CargoPackage::required_target_files and must be normalized relative paths.
sdk::Phase fetch_phase(const std::vector<std::string>& manifests, bool locked, const std::vector<std::string>& stubs);

}  // namespace kiln::rust
