#include "plugins/lua_sandbox.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <lua.hpp>

namespace kiln {
namespace {

constexpr int kHookInterval = 1000;
static_assert(LUA_IDSIZE <= sizeof(LuaSandbox::Account::spent_source));

LuaSandbox::Account& account_of(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return *static_cast<LuaSandbox::Account*>(ud);
}

void* limited_alloc(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto& account = *static_cast<LuaSandbox::Account*>(ud);
  // Without a block, old_size is a type tag, not a size.
  const std::size_t old_bytes = ptr ? old_size : 0;
  if (new_size == 0) {
    std::free(ptr);
    account.used -= old_bytes;
    return nullptr;
  }
  // Shrinking must never fail (Lua relies on it); only growth is checked.
  if (new_size > old_bytes && account.used - old_bytes + new_size > account.limit) {
    account.memory_refused = true;
    return nullptr;
  }
  void* block = std::realloc(ptr, new_size);
  if (block) account.used = account.used - old_bytes + new_size;
  return block;
}

void count_hook(lua_State* L, lua_Debug* ar) {
  auto& account = account_of(L);
  if (account.remaining > static_cast<std::uint64_t>(kHookInterval)) {
    account.remaining -= kHookInterval;
    return;
  }
  account.remaining = 0;
  if (!account.budget_spent) {
    account.budget_spent = true;
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
      account.spent_line = ar->currentline;
      std::snprintf(account.spent_source, sizeof(account.spent_source), "%s", ar->short_src);
    }
  }
  // From now on every instruction raises: a script's own pcall cannot swallow this.
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  lua_pushfstring(L, "instruction budget of %I instructions exceeded", static_cast<lua_Integer>(account.budget));
  lua_error(L);
}

int at_panic(lua_State* L) {
  // Reaching here means host code broke the rule of raising only inside a protected call.
  const char* message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(not a string)";
  std::fprintf(stderr, "kiln: Lua error outside a protected call: %s\n", message);
  return 0;  // Lua aborts after this
}

// Only "count": the other options let a script stall or retune the collector.
int restricted_collectgarbage(lua_State* L) {
  const char* option = luaL_optstring(L, 1, "collect");
  if (std::strcmp(option, "count") != 0)
    return luaL_error(L, "collectgarbage('%s') is not available in the kiln sandbox", option);
  lua_pushnumber(L, lua_gc(L, LUA_GCCOUNT) + lua_gc(L, LUA_GCCOUNTB) / 1024.0);
  return 1;
}

// load(chunk [, chunkname [, mode [, env]]]) with the mode forced to text: a
// binary chunk could break the VM's invariants. Without an env argument the
// chunk sees the sandbox's globals, as the standard load does.
int text_only_load(lua_State* L) {
  const bool has_env = lua_gettop(L) >= 4;
  lua_settop(L, 4);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_pushliteral(L, "t");
  if (has_env) lua_pushvalue(L, 4);
  lua_call(L, has_env ? 4 : 3, LUA_MULTRET);
  return lua_gettop(L) - 4;
}

void remove_field(lua_State* L, const char* table, const char* field) {
  lua_getglobal(L, table);
  lua_pushnil(L);
  lua_setfield(L, -2, field);
  lua_pop(L, 1);
}

int open_libraries(lua_State* L) {
  const luaL_Reg libraries[] = {{LUA_GNAME, luaopen_base},      {LUA_STRLIBNAME, luaopen_string},
                                {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
                                {LUA_UTF8LIBNAME, luaopen_utf8}};
  for (const auto& lib : libraries) {
    luaL_requiref(L, lib.name, lib.func, 1);
    lua_pop(L, 1);
  }
  for (const char* name : {"dofile", "loadfile", "print"}) {
    lua_pushnil(L);
    lua_setglobal(L, name);
  }
  remove_field(L, LUA_STRLIBNAME, "dump");
  lua_getglobal(L, "load");
  lua_pushcclosure(L, text_only_load, 1);
  lua_setglobal(L, "load");
  lua_pushcfunction(L, restricted_collectgarbage);
  lua_setglobal(L, "collectgarbage");
  return 0;
}

}  // namespace

std::unique_ptr<LuaSandbox> LuaSandbox::create(std::size_t memory_bytes) {
  std::unique_ptr<LuaSandbox> sandbox(new LuaSandbox());
  sandbox->account_.limit = memory_bytes;
  sandbox->state_ = lua_newstate(limited_alloc, &sandbox->account_);
  if (!sandbox->state_) return nullptr;
  lua_atpanic(sandbox->state_, at_panic);
  if (sandbox->call(open_libraries, nullptr, 0, kHookInterval * 100) != LUA_OK) return nullptr;
  return sandbox;
}

LuaSandbox::~LuaSandbox() {
  if (!state_) return;
  // Closing runs pending finalizers (__gc); with the budget spent they stop at their first instruction.
  account_.remaining = 0;
  account_.budget_spent = true;
  lua_sethook(state_, count_hook, LUA_MASKCOUNT, 1);
  lua_close(state_);
}

int LuaSandbox::call(Entry entry, void* context, int results, std::uint64_t instruction_budget) {
  lua_settop(state_, 0);
  account_.memory_refused = false;
  account_.budget = instruction_budget;
  account_.remaining = instruction_budget;
  account_.budget_spent = false;
  account_.spent_line = -1;
  account_.spent_source[0] = '\0';
  lua_sethook(state_, count_hook, LUA_MASKCOUNT, kHookInterval);
  if (!lua_checkstack(state_, 2)) return LUA_ERRMEM;
  lua_pushcfunction(state_, entry);
  lua_pushlightuserdata(state_, context);
  return lua_pcall(state_, 1, results, 0);
}

std::string LuaSandbox::failure(int status) const {
  if (account_.budget_spent) {
    auto text = "instruction budget of " + std::to_string(account_.budget) + " instructions exceeded";
    if (account_.spent_line > 0)
      text = std::string(account_.spent_source) + ":" + std::to_string(account_.spent_line) + ": " + text;
    return text;
  }
  // A script that caught the memory error and raised it again still ran out of memory.
  const bool memory_message = lua_gettop(state_) > 0 && lua_type(state_, -1) == LUA_TSTRING &&
                              std::string_view(lua_tostring(state_, -1)).ends_with("not enough memory");
  if (account_.memory_refused && (status == LUA_ERRMEM || memory_message)) {
    constexpr std::size_t kMiB = 1u << 20;
    auto amount = account_.limit % kMiB == 0 ? std::to_string(account_.limit / kMiB) + " MB"
                                             : std::to_string(account_.limit) + " bytes";
    return "memory limit of " + amount + " exceeded";
  }
  // Only a string is read as it is: converting anything else could run script code here.
  if (lua_gettop(state_) > 0 && lua_type(state_, -1) == LUA_TSTRING) {
    std::size_t size = 0;
    const char* text = lua_tolstring(state_, -1, &size);
    return std::string(text, size);
  }
  if (lua_gettop(state_) > 0)
    return std::string("(error object is a ") + lua_typename(state_, lua_type(state_, -1)) + " value)";
  return "unknown Lua error (status " + std::to_string(status) + ")";
}

void LuaSandbox::reset() {
  lua_settop(state_, 0);
  lua_gc(state_, LUA_GCCOLLECT);
}

}  // namespace kiln
