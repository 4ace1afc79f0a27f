#pragma once
// What the C functions a script calls (tree methods, kiln.*) need from the
// host, reachable from a bare lua_State through the state's extra space.
//
// The scratch fields exist because of longjmp: a C function called from Lua
// may not hold a C++ object with a destructor while it calls into Lua, since a
// Lua error would jump over the destructor. So the C++ work is done in a
// helper that leaves its result here (owned by the host, not by the frame),
// and the C function then pushes it with nothing of its own to destroy.
#include <cstdint>
#include <string>
#include <vector>

#include <kiln/sdk/source.hpp>
#include <nlohmann/json.hpp>

struct lua_State;

namespace kiln {

struct LuaHostContext {
  std::string log_prefix;  // "[kiln.ruby] "; the script's file name until its id is known

  // The tree of the detect/generate call in progress. A tree handle a script
  // kept from an earlier call carries an older generation and is refused.
  const sdk::SourceTree* tree = nullptr;
  std::uint64_t generation = 0;

  std::string scratch_text;
  std::vector<std::string> scratch_list;
  nlohmann::json scratch_json;
  std::string scratch_error;

  // A file read in one call is not worth keeping until the next.
  void release_scratch() {
    std::string().swap(scratch_text);
    std::vector<std::string>().swap(scratch_list);
    scratch_json = nullptr;
  }
};

// Stores a pointer to host in L's extra space; host must outlive L's use.
void attach_host_context(lua_State* L, LuaHostContext* host);
LuaHostContext& host_context(lua_State* L);

}  // namespace kiln
