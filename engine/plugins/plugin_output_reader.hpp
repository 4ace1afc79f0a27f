#pragma once
// Reads what a buildpack's detect and generate returned, as JSON (from a native
// library's output, or a Lua table converted by lua_to_json), into SDK types.
// Plugin output is untrusted, so every
// field is checked before from_json sees it, and a wrong one is named:
// "field 'port': expected an integer from 1 to 65535, got \"abc\"".
// Failures throw sdk::BuildpackError without the buildpack's name; the caller adds it.
#include <kiln/sdk/detector.hpp>
#include <kiln/sdk/plan.hpp>
#include <nlohmann/json.hpp>

namespace kiln {

// A detect result table: {score=0..100, language=, framework=, package_manager=,
// evidence={...}, facts={...}}; pass=false in it also means no match.
sdk::Detection read_detection(const nlohmann::json& value);

// A generate result table with BuildPlan's JSON keys (see sdk/plan.hpp). Lists
// must hold strings, maps string values; port is 1..65535; start is a string
// (shell), a list (argv), {argv=...} or {shell=...}; an empty table is accepted
// wherever a map is expected.
sdk::BuildPlan read_plan(const nlohmann::json& value);

}  // namespace kiln
