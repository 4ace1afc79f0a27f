#pragma once
// The loading run of a buildpack script: run it once, take the table it
// returns apart, keep its detect and generate functions, and check the rest
// (id, version, api, priority, description) into a LuaBuildpackInfo.
#include <string>

#include "core/result.hpp"
#include "plugins/lua_buildpack.hpp"

struct lua_State;

namespace kiln {

// The context of load_script_entry.
struct LuaScriptLoad {
  const std::string* source;
  const char* chunk_name;  // as Lua wants it: "=name"
  int detect_line;         // set by the entry: where detect and generate are defined (-1 if unknown)
  int generate_line;
};

// The table, then its id, version, api, priority, description, detect and generate.
inline constexpr int kLuaDescriptorValues = 8;

// A LuaSandbox entry (context: LuaScriptLoad*): compiles the source as text,
// runs it, stores its detect and generate functions in the registry and leaves
// kLuaDescriptorValues values on the stack.
int load_script_entry(lua_State* L);

// Checks the values load_script_entry left; uses no Lua call that may raise.
// Errors start with "<path>: ".
Result<LuaBuildpackInfo> read_descriptor(lua_State* L, const std::string& path);

enum class ScriptFunction { detect, generate };

// Pushes the function the loading run kept. May be called in protected mode only.
void push_script_function(lua_State* L, ScriptFunction which);

}  // namespace kiln
