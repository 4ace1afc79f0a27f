#pragma once
// kiln.semver: the SDK's semver.hpp, bound for scripts (see lua_kiln_module.hpp).
struct lua_State;

namespace kiln {

// Pushes the kiln.semver table. May raise (memory): call inside a protected call.
void push_kiln_semver(lua_State* L);

}  // namespace kiln
