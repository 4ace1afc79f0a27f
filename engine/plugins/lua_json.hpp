#pragma once
// Lua values <-> JSON, the form in which data crosses between a script and kiln.
//
// JSON -> Lua: objects and arrays become tables. null is dropped from objects
// (the key is simply absent) and becomes kiln.null inside arrays, so positions
// are kept.
//
// Lua -> JSON (script output is untrusted): a table whose keys are exactly
// 1..n is an array; a table whose keys are all strings is an object; an empty
// table is an empty array (readers that expect an object accept it as {}).
// Mixed or sparse keys, functions, userdata, NaN and infinities, strings that
// are not UTF-8, tables that contain themselves, and output beyond the limits
// below are refused with the path of the offending value ("phases[1].commands[2]",
// indices 1-based as the script wrote them). Metatables are ignored: reads are raw.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

struct lua_State;

namespace kiln {

struct LuaJsonLimits {
  std::size_t max_depth = 32;
  std::size_t max_string_bytes = 64u << 10;
  std::size_t max_total_bytes = 4u << 20;  // all strings and keys together
  std::size_t max_entries = 100'000;       // all array items and object members together
};

// Pushes value onto L. May raise Lua errors (memory, nesting deeper than
// max_depth): call only inside a protected call, with value owned outside the
// calling C function's frame.
void push_json(lua_State* L, const nlohmann::json& value, std::size_t max_depth = 64);

// The light userdata that stands for JSON null inside arrays (kiln.null).
void push_json_null(lua_State* L);

// The value at index as JSON. Uses only Lua functions that never raise, so it
// is safe outside a protected call; leaves the stack as it found it.
Result<nlohmann::json> lua_to_json(lua_State* L, int index, const LuaJsonLimits& limits = {});

}  // namespace kiln
