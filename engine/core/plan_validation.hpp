#pragma once
// A plan comes from a plugin, a Lua script or a file, and the user's overrides
// change it: it is untrusted until checked. Types, ranges and the characters a
// Dockerfile can carry are sdk/schema/plan.schema.json's to say; the checks it
// cannot express live here. Errors name the field: "phases[1].inputs[0]: ...".
#include <kiln/sdk/plan.hpp>

#include "core/result.hpp"

namespace kiln {

Status validate_plan(const sdk::BuildPlan& plan);

}  // namespace kiln
