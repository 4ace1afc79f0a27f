#pragma once
// Finding the part of a JSON Schema that describes one value of a document,
// for the two jobs the validator does not do: reshaping what Lua cannot say
// exactly, and naming what was expected in an error. Validation itself is
// valijson's (core/schema_check.hpp); this only follows properties, items,
// patternProperties, additionalProperties, local $refs and oneOf/anyOf branches.
#include <nlohmann/json.hpp>

namespace kiln {

// The schema after following "$ref": "#/definitions/..." (only local refs are used).
const nlohmann::json& resolve_ref(const nlohmann::json& schema, const nlohmann::json& root);

// Whether the schema (or one of its oneOf/anyOf branches) allows values of this
// JSON type: "object", "array", "string", "integer", "number", "boolean", "null".
bool schema_allows_type(const nlohmann::json& schema, const nlohmann::json& root, const char* type);

// The branch of a oneOf/anyOf whose type admits the value (the schema itself when it has none).
const nlohmann::json& branch_for(const nlohmann::json& schema, const nlohmann::json& root, const nlohmann::json& value);

// The schema of container[key] (an object member) or container[index] (an array
// item), given the container's schema; nullptr when the schema says nothing.
const nlohmann::json* member_schema(const nlohmann::json& schema, const nlohmann::json& root,
                                    const nlohmann::json& container, const std::string& key);
const nlohmann::json* item_schema(const nlohmann::json& schema, const nlohmann::json& root,
                                  const nlohmann::json& container);

}  // namespace kiln
