#pragma once
// The build plan of a detected Cargo project.
#include <optional>
#include <string>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

#include <nlohmann/json.hpp>

namespace kiln::rust {

// Two stages: on the rust stack, crates are fetched from the manifests and
// Cargo.lock alone, then one release binary is built; the base stack runs
// only that binary. Throws BuildpackError when detection found nothing to build.
// The tree is read once more, for Cargo.lock: too big to scan during detection.
sdk::BuildPlan plan_rust(const sdk::SourceTree& tree, const nlohmann::json& facts,
                         const std::optional<std::string>& framework);

}  // namespace kiln::rust
