#pragma once
// Gives valijson the SDK schemas' patterns as functions (core/schema_patterns.hpp)
// instead of std::regex. The document valijson parses is rewritten:
//   "pattern": P                          -> "kiln:pattern": P
//   "patternProperties": {P: S},          -> "additionalProperties": S,
//   "additionalProperties": false            "kiln:property-names": P
//      (with no "properties" beside them: then both say the same)
// and the parser is taught the two keywords. Only patterns with a known
// matcher are rewritten; anything else stays valijson's own, so a schema
// changed without a matcher still validates the same, only slower. The
// original document is what error messages are made from.
#include <nlohmann/json.hpp>

namespace valijson {
class SchemaParser;
}

namespace kiln {

nlohmann::json with_fast_patterns(const nlohmann::json& schema);

// Registers "kiln:pattern" and "kiln:property-names" with the parser.
void add_fast_pattern_keywords(valijson::SchemaParser& parser);

}  // namespace kiln
