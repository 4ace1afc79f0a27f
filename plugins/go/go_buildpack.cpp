// kiln.go: Go modules, built into one static binary that runs on the base stack.
#include <kiln/sdk/generator.hpp>
#include <kiln/sdk/plugin.hpp>

#include "detect_go.hpp"
#include "go_runtime.hpp"
#include "plan_go.hpp"

namespace kiln::go {

class GoBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override { return detect_go(tree); }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions& options) const override {
    auto plan = plan_go(detection.facts, sdk::text_option(options, "go_main"));
    plan.build_image = go_runtime(tree, detection.facts);
    plan.framework = detection.framework;
    return plan;
  }
};

}  // namespace kiln::go

KILN_BUILDPACK(kiln::go::GoBuildpack)
