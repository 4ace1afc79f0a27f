#pragma once
// The `tree` a script's detect and generate receive: a userdata whose methods
// read the application's SourceTree and nothing else.
//
//   tree:exists(path)  tree:is_dir(path)      -> boolean
//   tree:read(path)                           -> string, or nil (absent, not a file, over 1 MiB, outside the tree)
//   tree:json(path)                           -> table, or nil (absent or not JSON)
//   tree:list([dir])   tree:glob(pattern)     -> array of strings (directories in list end in '/')
//   tree:name()                               -> the folder's name
//
// Path safety (no "..", no absolute paths, no links out) is the SourceTree's
// own contract. A handle is valid only during the call that received it: a
// script that keeps it in a global gets an error later, not a dangling tree.
struct lua_State;

namespace kiln {

// Pushes a handle to host_context(L).tree for the current generation. May
// raise (memory): call only inside a protected call.
void push_source_tree(lua_State* L);

}  // namespace kiln
