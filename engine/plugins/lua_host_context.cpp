#include "plugins/lua_host_context.hpp"

#include <cstring>

#include <lua.hpp>

namespace kiln {

static_assert(LUA_EXTRASPACE >= sizeof(LuaHostContext*));

void attach_host_context(lua_State* L, LuaHostContext* host) {
  std::memcpy(lua_getextraspace(L), &host, sizeof(host));
}

LuaHostContext& host_context(lua_State* L) {
  LuaHostContext* host = nullptr;
  std::memcpy(&host, lua_getextraspace(L), sizeof(host));
  return *host;
}

}  // namespace kiln
