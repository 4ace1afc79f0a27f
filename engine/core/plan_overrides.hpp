#pragma once
// The user's kiln.toml wins over what a buildpack generated.
#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

#include "core/app_config.hpp"

namespace kiln {

void apply_overrides(sdk::BuildPlan& plan, const AppConfig& config);

// Drops phase inputs that the app does not have, so a COPY never fails on
// an optional lockfile.
void drop_missing_inputs(sdk::BuildPlan& plan, const sdk::SourceTree& tree);

}  // namespace kiln
