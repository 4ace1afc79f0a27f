#pragma once
// A plan comes from a plugin, a Lua script or a file: it is untrusted until
// checked. Errors name the field: "phases[1].inputs[0]: ...".
#include <kiln/sdk/plan.hpp>

#include "core/result.hpp"

namespace kiln {

Status validate_plan(const sdk::BuildPlan& plan);

}  // namespace kiln
