#pragma once
// A Lua state a buildpack script can neither escape nor exhaust.
//
// * Memory: every allocation goes through an allocator that refuses to grow
//   past the limit, so a greedy script gets a Lua memory error, not the host's memory.
// * Time: a count hook charges every 1000 instructions against a budget set
//   per call; once it is spent the hook fires on every instruction, so a script
//   that catches the error with pcall is stopped again at once.
// * Libraries: base, string, table, math and utf8 only. dofile, loadfile,
//   string.dump and print are removed (stdout carries kiln's own output);
//   load only accepts text chunks; collectgarbage only answers "count".
//   There is no io, os, package, require, debug or coroutine.
//
// Lua here is Debian's C build: errors are longjmp. Code called from Lua must
// not hold C++ objects with destructors when it calls a Lua function that may
// raise; code outside a protected call must only use Lua functions that never raise.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

struct lua_State;

namespace kiln {

class LuaSandbox {
 public:
  using Entry = int (*)(lua_State*);

  // nullptr when not even an empty state fits in memory_bytes.
  static std::unique_ptr<LuaSandbox> create(std::size_t memory_bytes);
  ~LuaSandbox();
  LuaSandbox(const LuaSandbox&) = delete;
  LuaSandbox& operator=(const LuaSandbox&) = delete;

  lua_State* state() const { return state_; }

  // Clears the stack, grants a fresh instruction budget and runs entry(context)
  // in protected mode, leaving its `results` return values on the stack.
  // Returns the Lua status (LUA_OK on success).
  int call(Entry entry, void* context, int results, std::uint64_t instruction_budget);

  // After a failed call: why, in words. Budget and memory failures get fixed
  // wording ("instruction budget of N instructions exceeded", "memory limit of
  // N MB exceeded"); the first starts with "<chunk>:<line>: " when a line is known.
  std::string failure(int status) const;

  // Drops whatever the last call left and collects garbage, so the next call
  // starts with the memory a failed one had taken.
  void reset();

  std::size_t memory_in_use() const { return account_.used; }

  // What the allocator and the count hook share with the sandbox (through the
  // allocator's user data, which both can reach from a bare lua_State).
  struct Account {
    std::size_t limit = 0;
    std::size_t used = 0;
    bool memory_refused = false;
    std::uint64_t budget = 0;
    std::uint64_t remaining = 0;
    bool budget_spent = false;
    int spent_line = -1;            // where the budget ran out, when Lua knew
    char spent_source[64] = {};     // the chunk's short name there
  };

 private:
  LuaSandbox() = default;
  Account account_;
  lua_State* state_ = nullptr;
};

}  // namespace kiln
