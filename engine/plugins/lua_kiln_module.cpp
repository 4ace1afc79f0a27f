#include "plugins/lua_kiln_module.hpp"

#include "plugins/lua_buildpack.hpp"

#include <algorithm>
#include <cstdio>

#include <kiln/sdk/plugin.hpp>
#include <kiln/sdk/procfile.hpp>
#include <kiln/support/native_packages.hpp>
#include <lua.hpp>

#include "plugins/lua_host_context.hpp"
#include "plugins/lua_json.hpp"
#include "plugins/lua_kiln_helpers.hpp"
#include "plugins/lua_kiln_semver.hpp"

namespace kiln {
namespace {

// A chatty script should not flood the build log with one line.
constexpr std::size_t kMaxLogLine = 8u << 10;

int kiln_log(lua_State* L) {
  const int count = lua_gettop(L);
  const std::string& prefix = host_context(L).log_prefix;
  luaL_checkstack(L, 4, "too many values to log");
  lua_pushlstring(L, prefix.data(), prefix.size());
  for (int i = 1; i <= count; ++i) {
    if (i > 1) {
      lua_pushliteral(L, " ");
      lua_concat(L, 2);
    }
    luaL_tolstring(L, i, nullptr);
    lua_concat(L, 2);
  }
  std::size_t size = 0;
  const char* line = lua_tolstring(L, -1, &size);
  // One call, so lines of buildpacks logging from several threads do not interleave.
  std::fprintf(stderr, "%.*s%s\n", static_cast<int>(std::min(size, kMaxLogLine)), line,
               size > kMaxLogLine ? " [truncated]" : "");
  return 0;
}

// The message of a failed C++ step, for the Lua error that follows (empty if even that fails).
void keep_error(LuaHostContext& host, const std::exception& error) noexcept {
  try {
    host.scratch_error = error.what();
  } catch (...) {
    host.scratch_error.clear();
  }
}

// C++ side of json_decode: leaves the document or the parser's complaint in the scratch.
bool decode_into_scratch(LuaHostContext& host, const char* text, std::size_t size) noexcept {
  try {
    host.scratch_json = nlohmann::json::parse(text, text + size);
    return true;
  } catch (const std::exception& e) {
    keep_error(host, e);
  }
  return false;
}

int kiln_json_decode(lua_State* L) {
  std::size_t size = 0;
  const char* text = luaL_checklstring(L, 1, &size);
  auto& host = host_context(L);
  if (!decode_into_scratch(host, text, size)) {
    lua_pushnil(L);
    lua_pushstring(L, host.scratch_error.c_str());
    return 2;
  }
  push_json(L, host.scratch_json);
  return 1;
}

// C++ side of procfile_web: leaves the command in the scratch; false when there is none.
bool procfile_web_into_scratch(LuaHostContext& host, const char* text, std::size_t size) noexcept {
  try {
    auto command = sdk::procfile_web_command(std::string_view(text, size));
    if (!command) return false;
    host.scratch_text = std::move(*command);
    return true;
  } catch (...) {
    return false;
  }
}

// kiln.procfile_web(text): the web process of a Procfile, else its only one; nil if none.
int kiln_procfile_web(lua_State* L) {
  std::size_t size = 0;
  const char* text = luaL_checklstring(L, 1, &size);
  auto& host = host_context(L);
  if (!procfile_web_into_scratch(host, text, size)) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushlstring(L, host.scratch_text.data(), host.scratch_text.size());
  return 1;
}

// Bounds the names one call looks up; Gemfile.lock-sized lists are far below it.
constexpr lua_Integer kMaxNativeNames = 10000;

bool start_name_list(LuaHostContext& host) noexcept {
  try {
    host.scratch_json = nlohmann::json::array();
    return true;
  } catch (...) {
    return false;
  }
}

bool append_name(LuaHostContext& host, const char* name, std::size_t size) noexcept {
  try {
    host.scratch_json.push_back(std::string(name, size));
    return true;
  } catch (...) {
    return false;
  }
}

// C++ side of native_packages: turns the names in the scratch into {build = {...}, run = {...}}.
bool native_packages_into_scratch(LuaHostContext& host, const char* ecosystem, std::size_t size) noexcept {
  try {
    auto packages = support::native_packages(std::string_view(ecosystem, size),
                                             host.scratch_json.get<std::vector<std::string>>());
    host.scratch_json = {{"build", packages.build}, {"run", packages.run}};
    return true;
  } catch (const std::exception& e) {
    keep_error(host, e);
  }
  return false;
}

// kiln.native_packages(ecosystem, names): the Debian packages that the named
// dependencies ("pg", "ext-gd") need, from kiln's one table:
// {build = {...}, run = {...}}. Non-string entries of names are skipped.
int kiln_native_packages(lua_State* L) {
  std::size_t size = 0;
  const char* ecosystem = luaL_checklstring(L, 1, &size);
  luaL_checktype(L, 2, LUA_TTABLE);
  auto& host = host_context(L);
  if (!start_name_list(host)) return luaL_error(L, "kiln.native_packages: out of memory");
  const auto count = std::min<lua_Integer>(static_cast<lua_Integer>(lua_rawlen(L, 2)), kMaxNativeNames);
  for (lua_Integer i = 1; i <= count; ++i) {
    if (lua_rawgeti(L, 2, i) == LUA_TSTRING) {
      std::size_t length = 0;
      const char* name = lua_tolstring(L, -1, &length);
      if (!append_name(host, name, length)) return luaL_error(L, "kiln.native_packages: out of memory");
    }
    lua_pop(L, 1);
  }
  if (!native_packages_into_scratch(host, ecosystem, size))
    return luaL_error(L, "kiln.native_packages: %s", host.scratch_error.c_str());
  push_json(L, host.scratch_json);
  return 1;
}

}  // namespace

int open_kiln_module(lua_State* L) {
  const luaL_Reg functions[] = {{"log", kiln_log}, {"json_decode", kiln_json_decode},
                                  {"procfile_web", kiln_procfile_web}, {"native_packages", kiln_native_packages},
                                  {nullptr, nullptr}};
  lua_createtable(L, 0, 6);
  luaL_setfuncs(L, functions, 0);
  push_json_null(L);
  lua_setfield(L, -2, "null");
  lua_pushinteger(L, static_cast<lua_Integer>(kLuaApiVersion));
  lua_setfield(L, -2, "api");
  push_kiln_semver(L);
  lua_setfield(L, -2, "semver");
  // The helpers written in Lua, given the table: text only, like every chunk a script may load.
  auto helpers = lua_kiln_helpers_source();
  if (luaL_loadbufferx(L, helpers.data(), helpers.size(), "=kiln", "t") != LUA_OK) return lua_error(L);
  lua_pushvalue(L, -2);
  lua_call(L, 1, 0);
  lua_setglobal(L, "kiln");
  lua_pushcfunction(L, kiln_log);
  lua_setglobal(L, "print");
  return 0;
}

}  // namespace kiln
