#pragma once
// The Lua-written part of the `kiln` module (lua_kiln_helpers.lua): kiln.add,
// kiln.procfile_start and kiln.buildpack, loaded into every buildpack's state.
#include <string_view>

namespace kiln {

std::string_view lua_kiln_helpers_source();

}  // namespace kiln
