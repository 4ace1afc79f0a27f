#include "plugins/lua_descriptor.hpp"

#include <optional>
#include <string_view>

#include <kiln/sdk/plugin.hpp>
#include <kiln/sdk/semver.hpp>
#include <lua.hpp>

namespace kiln {
namespace {

// Registry keys (their addresses) under which the script's functions are kept.
const char kDetectKey = 'd';
const char kGenerateKey = 'g';

int defined_line(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TFUNCTION) return -1;
  lua_Debug ar;
  lua_pushvalue(L, index);
  lua_getinfo(L, ">S", &ar);
  return ar.linedefined;
}

const char* type_at(lua_State* L, int index) { return lua_typename(L, lua_type(L, index)); }

std::optional<std::string> string_at(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TSTRING) return std::nullopt;  // a number would be converted: that allocates
  std::size_t size = 0;
  const char* text = lua_tolstring(L, index, &size);
  return std::string(text, size);
}

std::optional<lua_Integer> integer_at(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TNUMBER) return std::nullopt;
  int exact = 0;
  lua_Integer value = lua_tointegerx(L, index, &exact);
  return exact ? std::optional(value) : std::nullopt;
}

// [a-z0-9-]+(\.[a-z0-9-]+)+
bool is_reverse_dns(std::string_view id) {
  if (id.size() > 128) return false;
  std::size_t parts = 0;
  while (true) {
    auto dot = id.find('.');
    auto part = id.substr(0, dot);
    if (part.empty()) return false;
    for (char c : part)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    ++parts;
    if (dot == std::string_view::npos) return parts >= 2;
    id.remove_prefix(dot + 1);
  }
}

}  // namespace

int load_script_entry(lua_State* L) {
  auto* load = static_cast<LuaScriptLoad*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  if (luaL_loadbufferx(L, load->source->data(), load->source->size(), load->chunk_name, "t") != LUA_OK)
    return lua_error(L);
  lua_call(L, 0, 1);
  const bool table = lua_istable(L, 1);
  for (const char* field : {"id", "version", "api", "priority", "description", "detect", "generate"}) {
    if (table) lua_getfield(L, 1, field);  // through __index, so a script may inherit from a base table
    else lua_pushnil(L);
  }
  // Kept apart from the table, so a script changing its table later changes nothing.
  lua_pushvalue(L, 7);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kDetectKey);
  lua_pushvalue(L, 8);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kGenerateKey);
  load->detect_line = defined_line(L, 7);
  load->generate_line = defined_line(L, 8);
  return kLuaDescriptorValues;
}

Result<LuaBuildpackInfo> read_descriptor(lua_State* L, const std::string& path) {
  auto invalid = [&](const std::string& why) { return Error{ErrorCode::InvalidBuildpack, path + ": " + why}; };
  auto wrong_type = [&](const char* field, const char* expected, int index) {
    return invalid(std::string("'") + field + "' must be " + expected + ", got " + type_at(L, index));
  };
  if (lua_type(L, 1) != LUA_TTABLE)
    return invalid(std::string("the script must return a table describing the buildpack, got ") + type_at(L, 1));
  auto id = string_at(L, 2);
  if (!id) return wrong_type("id", "a string", 2);
  if (!is_reverse_dns(*id))
    return invalid("id '" + *id + "' is not reverse-DNS-ish (like com.acme.ruby: two or more dot-separated "
                   "parts of lower-case letters, digits and '-')");
  auto version = string_at(L, 3);
  if (!version) return wrong_type("version", "a string", 3);
  if (!sdk::semver::parse(*version)) return invalid("version '" + *version + "' is not a semantic version");
  auto api = integer_at(L, 4);
  if (!api) return wrong_type("api", "an integer", 4);
  if (*api != static_cast<lua_Integer>(kLuaApiVersion))
    return Error{ErrorCode::InvalidBuildpack, path + ": buildpack " + *id + " targets kiln API " + std::to_string(*api) +
                                     ", but this kiln speaks API " + std::to_string(kLuaApiVersion)};
  auto priority = lua_isnil(L, 5) ? std::optional<lua_Integer>(0) : integer_at(L, 5);
  if (!priority || *priority < -1000 || *priority > 1000)
    return wrong_type("priority", "an integer from -1000 to 1000", 5);
  auto description = lua_isnil(L, 6) ? std::optional<std::string>("") : string_at(L, 6);
  if (!description) return wrong_type("description", "a string", 6);
  if (lua_type(L, 7) != LUA_TFUNCTION) return wrong_type("detect", "a function", 7);
  if (lua_type(L, 8) != LUA_TFUNCTION) return wrong_type("generate", "a function", 8);
  return LuaBuildpackInfo{*id, *version, static_cast<int>(*api), static_cast<int>(*priority), *description};
}

void push_script_function(lua_State* L, ScriptFunction which) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, which == ScriptFunction::detect ? &kDetectKey : &kGenerateKey);
}

}  // namespace kiln
