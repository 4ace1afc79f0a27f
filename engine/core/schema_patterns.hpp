#pragma once
// The `pattern`s of the SDK's JSON Schemas, written out as plain functions.
// valijson matches a pattern with std::regex, and these patterns are bounded
// (`{1,1024}`) so that the matcher cannot recurse without end; std::regex
// unrolls every bound into states, so compiling them cost about a millisecond
// in each fresh process (every `kiln plan`, every analysis worker). A function
// here answers exactly what its regex answers (schema_patterns_test compares
// them on many strings), in a few nanoseconds and with nothing to compile.
#include <string_view>

namespace kiln {

using PatternMatcher = bool (*)(std::string_view text);

// The matcher for a pattern written exactly so in sdk/schema/*.schema.json, or
// nullptr for any other pattern (which is then left to std::regex: slower, same answer).
PatternMatcher known_schema_pattern(std::string_view pattern);

}  // namespace kiln
