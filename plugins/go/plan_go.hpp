#pragma once
// The build plan of a detected Go module.
#include <kiln/sdk/plan.hpp>

#include <nlohmann/json.hpp>

namespace kiln::go {

// Two stages: on the go stack, modules are downloaded from go.mod/go.sum
// alone, then a static binary (CGO_ENABLED=0) is built to /app/server; the
// base stack runs only that binary. Throws BuildpackError when detection
// found nothing to build.
sdk::BuildPlan plan_go(const nlohmann::json& facts);

}  // namespace kiln::go
