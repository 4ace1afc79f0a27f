#pragma once
// Checks a JSON value against one of the SDK's JSON Schemas with valijson (a
// real validator: the schema files are the only statement of the shape), and
// names the first problem by its field, the way an author wrote it.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/sdk_schema_data.hpp"

namespace kiln {

// The schema as written, read once.
const nlohmann::json& sdk_schema(SdkSchema which);
// The same schema as it is checked: its patterns are kiln's own keywords
// (core/schema_fast_patterns.hpp); every other keyword is as written.
const nlohmann::json& sdk_schema_as_checked(SdkSchema which);

struct SchemaProblem {
  std::string field;    // "phases[1].inputs[2]"; empty for the value itself
  std::string message;  // "expected a path relative to the app folder (...), got \"/etc\""
};

// List positions in `field` count from first_index: 1 where the author wrote a
// Lua table (its items are 1, 2, ...), 0 for plans that are JSON.
std::optional<SchemaProblem> check_against_schema(const nlohmann::json& value, SdkSchema which, int first_index);

}  // namespace kiln
