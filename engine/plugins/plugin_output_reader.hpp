#pragma once
// Reads what a buildpack's detect and generate returned, as JSON (from a native
// library's output, or a Lua table converted by lua_to_json), into SDK types.
// Plugin output is untrusted, so it is validated against the SDK's JSON Schemas
// (sdk/schema/) before from_json sees it, and a wrong field is named:
// "field 'port': expected an integer from 1 to 65535, got \"abc\"".
// Failures throw sdk::BuildpackError without the buildpack's name; the caller adds it.
#include <kiln/sdk/detector.hpp>
#include <kiln/sdk/plan.hpp>
#include <nlohmann/json.hpp>

namespace kiln {

// A detect result table as sdk/schema/detection.schema.json describes it; nil,
// false and pass=false mean no match.
sdk::Detection read_detection(const nlohmann::json& value);

// A generate result table as sdk/schema/plan.schema.json describes it; an empty
// table is accepted wherever a map is expected, and 8080.0 where an integer is.
sdk::BuildPlan read_plan(const nlohmann::json& value);

}  // namespace kiln
