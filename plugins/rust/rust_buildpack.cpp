// kiln.rust: Cargo projects and workspaces, one release binary on the base stack.
#include <kiln/sdk/plugin.hpp>

#include "detect_rust.hpp"
#include "plan_rust.hpp"

namespace kiln::rust {

class RustBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override { return detect_rust(tree); }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions&) const override {
    return plan_rust(tree, detection.facts, detection.framework);
  }
};

}  // namespace kiln::rust

KILN_BUILDPACK(kiln::rust::RustBuildpack)
