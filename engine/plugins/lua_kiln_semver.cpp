#include "plugins/lua_kiln_semver.hpp"

#include <cstdint>
#include <string_view>

#include <kiln/sdk/semver.hpp>
#include <lua.hpp>

#include "plugins/lua_host_context.hpp"

namespace kiln {
namespace {

namespace semver = sdk::semver;

// ---- C++ side: never raises a Lua error, never lets an exception out.

struct Parts {
  std::uint64_t major, minor, patch;
};

// The pre-release goes to the host's scratch: it is a std::string, and this
// frame's caller may raise.
bool parse_version(LuaHostContext& host, std::string_view text, Parts& parts) noexcept {
  try {
    auto version = semver::parse(text);
    if (!version) return false;
    parts = {version->major, version->minor, version->patch};
    host.scratch_text = version->prerelease;
    return true;
  } catch (...) {
    return false;
  }
}

enum class Verdict { no, yes, bad_first, bad_second };

Verdict compare_versions(std::string_view a, std::string_view b, int& order) noexcept {
  try {
    auto left = semver::parse(a);
    if (!left) return Verdict::bad_first;
    auto right = semver::parse(b);
    if (!right) return Verdict::bad_second;
    order = semver::compare(*left, *right);
    return Verdict::yes;
  } catch (...) {
    return Verdict::bad_first;
  }
}

Verdict check_range(std::string_view version, std::string_view range) noexcept {
  try {
    auto parsed = semver::parse(version);
    if (!parsed) return Verdict::bad_first;
    auto inside = semver::satisfies(*parsed, range);
    if (!inside) return Verdict::bad_second;
    return *inside ? Verdict::yes : Verdict::no;
  } catch (...) {
    return Verdict::bad_second;
  }
}

// ---- Lua side: owns no C++ objects.

std::string_view text_argument(lua_State* L, int arg) {
  std::size_t size = 0;
  const char* text = luaL_checklstring(L, arg, &size);
  return {text, size};
}

void set_integer(lua_State* L, const char* field, std::uint64_t value) {
  lua_pushinteger(L, static_cast<lua_Integer>(value));  // parse caps parts at 18 digits
  lua_setfield(L, -2, field);
}

int semver_parse(lua_State* L) {
  auto& host = host_context(L);
  Parts parts{};
  if (!parse_version(host, text_argument(L, 1), parts)) {
    lua_pushnil(L);
    return 1;
  }
  lua_createtable(L, 0, 4);
  set_integer(L, "major", parts.major);
  set_integer(L, "minor", parts.minor);
  set_integer(L, "patch", parts.patch);
  if (!host.scratch_text.empty()) {
    lua_pushlstring(L, host.scratch_text.data(), host.scratch_text.size());
    lua_setfield(L, -2, "prerelease");
  }
  return 1;
}

int fail_with(lua_State* L, const char* what, int arg) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s is not %s: '%s'", arg == 1 ? "the first argument" : "the second argument", what,
                  lua_tostring(L, arg));
  return 2;
}

int semver_compare(lua_State* L) {
  int order = 0;
  switch (compare_versions(text_argument(L, 1), text_argument(L, 2), order)) {
    case Verdict::bad_first: return fail_with(L, "a version", 1);
    case Verdict::bad_second: return fail_with(L, "a version", 2);
    default: break;
  }
  lua_pushinteger(L, order);
  return 1;
}

int semver_satisfies(lua_State* L) {
  switch (check_range(text_argument(L, 1), text_argument(L, 2))) {
    case Verdict::bad_first: return fail_with(L, "a version", 1);
    case Verdict::bad_second: return fail_with(L, "a version range", 2);
    case Verdict::yes: lua_pushboolean(L, 1); return 1;
    case Verdict::no: break;
  }
  lua_pushboolean(L, 0);
  return 1;
}

}  // namespace

void push_kiln_semver(lua_State* L) {
  const luaL_Reg functions[] = {
      {"parse", semver_parse}, {"compare", semver_compare}, {"satisfies", semver_satisfies}, {nullptr, nullptr}};
  lua_createtable(L, 0, 3);
  luaL_setfuncs(L, functions, 0);
}

}  // namespace kiln
