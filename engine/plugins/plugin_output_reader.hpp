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

#include <string>

namespace kiln {

// What a buildpack's detect or generate returned, not yet read, and where it came
// from for messages ("<script>:11: detect returned a bad result", "buildpack kiln.go
// (/x/kiln_go.so) returned a bad plan"). An analysis worker sends this as it is, so
// plugin output is read and checked once, by kiln, on its side of the process boundary.
struct PluginOutput {
  nlohmann::json value;
  std::string site;
};

// A detect result table as sdk/schema/detection.schema.json describes it; nil,
// false and pass=false mean no match.
sdk::Detection read_detection(const nlohmann::json& value);

// A generate result table as sdk/schema/plan.schema.json describes it; an empty
// table is accepted wherever a map is expected, and 8080.0 where an integer is.
sdk::BuildPlan read_plan(const nlohmann::json& value);

// The same, for a PluginOutput: a bad value throws sdk::BuildpackError "<site>: <why>".
sdk::Detection read_detection(const PluginOutput& output);
sdk::BuildPlan read_plan(const PluginOutput& output);

}  // namespace kiln
