#pragma once
// The `kiln` global a buildpack script sees:
//
//   kiln.log(...)              one line on stderr, "[<buildpack id>] a b c"; print(...) does the same
//   kiln.json_decode(text)     -> table (or kiln.null for "null"), or nil and an error message
//   kiln.procfile_web(text)    -> the Procfile's web command, else its only one, else nil
//   kiln.null                  stands for JSON null inside decoded arrays
//   kiln.semver.parse(v)       -> {major=, minor=, patch=, prerelease=} or nil
//   kiln.semver.compare(a, b)  -> -1, 0, 1, or nil and an error message
//   kiln.semver.satisfies(v, range) -> boolean, or nil and an error message
//   kiln.api                   the kiln API version this host speaks
//   kiln.add(list, value)      appends unless present; kiln.procfile_start(tree): the Procfile's web command
//   kiln.buildpack(spec)       the returned table from inspect/detection/plan (lua_kiln_helpers.lua)
struct lua_State;

namespace kiln {

// Installs the module and print. A LuaSandbox entry: run it through LuaSandbox::call.
int open_kiln_module(lua_State* L);

}  // namespace kiln
