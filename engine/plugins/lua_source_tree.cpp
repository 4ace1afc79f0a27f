#include "plugins/lua_source_tree.hpp"

#include <cstdint>
#include <string_view>

#include <lua.hpp>

#include "plugins/document_json.hpp"
#include "plugins/lua_host_context.hpp"
#include "plugins/lua_json.hpp"

namespace kiln {
namespace {

constexpr const char* kTreeType = "kiln.SourceTree";

struct TreeHandle {
  std::uint64_t generation;
};

// ---- C++ side: talks to the SourceTree, leaves results in the host's scratch.
// Never raises a Lua error and never lets an exception out.

// invalid: the file is there but is not a document of its kind (the reason is in scratch_error).
enum class Outcome { found, absent, failed, invalid };

void note_failure(LuaHostContext& host, const char* what) noexcept {
  try {
    host.scratch_error = what;
  } catch (...) {
    host.scratch_error.clear();
  }
}

template <class Work>
Outcome guarded(LuaHostContext& host, Work&& work) noexcept {
  try {
    return work() ? Outcome::found : Outcome::absent;
  } catch (const std::exception& e) {
    note_failure(host, e.what());
  } catch (...) {
    note_failure(host, "unknown error");
  }
  return Outcome::failed;
}

Outcome ask(LuaHostContext& host, std::string_view path, bool directory) noexcept {
  return guarded(host, [&] { return directory ? host.tree->is_dir(path) : host.tree->exists(path); });
}

Outcome read_text(LuaHostContext& host, std::string_view path) noexcept {
  return guarded(host, [&] {
    auto text = host.tree->read(path);
    if (text) host.scratch_text = std::move(*text);
    return text.has_value();
  });
}

Outcome read_json(LuaHostContext& host, std::string_view path) noexcept {
  return guarded(host, [&] {
    auto value = host.tree->json(path);
    if (value) host.scratch_json = std::move(*value);
    return value.has_value();
  });
}

using DocumentParser = nlohmann::json (*)(std::string_view, const std::string&);

Outcome read_document(LuaHostContext& host, std::string_view path, DocumentParser parse) noexcept {
  bool invalid = false;
  auto outcome = guarded(host, [&] {
    auto text = host.tree->read(path);
    if (!text) return false;
    try {
      host.scratch_json = parse(*text, std::string(path));
    } catch (const std::runtime_error& e) {
      host.scratch_error = e.what();
      invalid = true;
    }
    return true;
  });
  return invalid ? Outcome::invalid : outcome;
}

Outcome list_entries(LuaHostContext& host, std::string_view where, bool pattern) noexcept {
  return guarded(host, [&] {
    host.scratch_list = pattern ? host.tree->glob(where) : host.tree->list(where);
    return true;
  });
}

Outcome tree_name(LuaHostContext& host) noexcept {
  return guarded(host, [&] {
    host.scratch_text = host.tree->name();
    return true;
  });
}

// ---- Lua side: nothing here owns a C++ object, so a Lua error skips no destructor.

void check_handle(lua_State* L) {
  auto* handle = static_cast<TreeHandle*>(luaL_checkudata(L, 1, kTreeType));
  const auto& host = host_context(L);
  if (host.tree == nullptr || handle->generation != host.generation)
    luaL_error(L, "the source tree can only be used during the call that received it");
}

std::string_view path_argument(lua_State* L, int arg, const char* fallback = nullptr) {
  std::size_t size = 0;
  const char* text = fallback ? luaL_optlstring(L, arg, fallback, &size) : luaL_checklstring(L, arg, &size);
  return {text, size};
}

int fail(lua_State* L, const char* method) {
  return luaL_error(L, "tree:%s failed: %s", method, host_context(L).scratch_error.c_str());
}

void push_scratch_list(lua_State* L, const LuaHostContext& host) {
  lua_createtable(L, static_cast<int>(host.scratch_list.size()), 0);
  for (std::size_t i = 0; i < host.scratch_list.size(); ++i) {
    lua_pushlstring(L, host.scratch_list[i].data(), host.scratch_list[i].size());
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
}

int answer_yes_no(lua_State* L, bool directory, const char* method) {
  check_handle(L);
  auto outcome = ask(host_context(L), path_argument(L, 2), directory);
  if (outcome == Outcome::failed) return fail(L, method);
  lua_pushboolean(L, outcome == Outcome::found);
  return 1;
}

int tree_exists(lua_State* L) { return answer_yes_no(L, false, "exists"); }
int tree_is_dir(lua_State* L) { return answer_yes_no(L, true, "is_dir"); }

int tree_read(lua_State* L) {
  check_handle(L);
  auto& host = host_context(L);
  switch (read_text(host, path_argument(L, 2))) {
    case Outcome::found: lua_pushlstring(L, host.scratch_text.data(), host.scratch_text.size()); return 1;
    case Outcome::absent: lua_pushnil(L); return 1;
    case Outcome::invalid:
    case Outcome::failed: break;
  }
  return fail(L, "read");
}

int tree_json(lua_State* L) {
  check_handle(L);
  auto& host = host_context(L);
  switch (read_json(host, path_argument(L, 2))) {
    case Outcome::found: push_json(L, host.scratch_json); return 1;
    case Outcome::absent: lua_pushnil(L); return 1;
    case Outcome::invalid:
    case Outcome::failed: break;
  }
  return fail(L, "json");
}

// tree:toml(path) / tree:yaml(path): the document as tables; nil when absent; nil and why when not valid.
int answer_document(lua_State* L, DocumentParser parse, const char* method) {
  check_handle(L);
  auto& host = host_context(L);
  switch (read_document(host, path_argument(L, 2), parse)) {
    case Outcome::found: push_json(L, host.scratch_json); return 1;
    case Outcome::absent: lua_pushnil(L); return 1;
    case Outcome::invalid:
      lua_pushnil(L);
      lua_pushstring(L, host.scratch_error.c_str());
      return 2;
    case Outcome::failed: break;
  }
  return fail(L, method);
}

int tree_toml(lua_State* L) { return answer_document(L, toml_document_to_json, "toml"); }
int tree_yaml(lua_State* L) { return answer_document(L, yaml_document_to_json, "yaml"); }

int answer_list(lua_State* L, bool pattern, const char* method) {
  check_handle(L);
  auto& host = host_context(L);
  auto where = pattern ? path_argument(L, 2) : path_argument(L, 2, "");
  if (list_entries(host, where, pattern) == Outcome::failed) return fail(L, method);
  push_scratch_list(L, host);
  return 1;
}

int tree_list(lua_State* L) { return answer_list(L, false, "list"); }
int tree_glob(lua_State* L) { return answer_list(L, true, "glob"); }

int tree_name_method(lua_State* L) {
  check_handle(L);
  auto& host = host_context(L);
  if (tree_name(host) == Outcome::failed) return fail(L, "name");
  lua_pushlstring(L, host.scratch_text.data(), host.scratch_text.size());
  return 1;
}

const luaL_Reg kMethods[] = {{"exists", tree_exists}, {"is_dir", tree_is_dir}, {"read", tree_read},
                             {"json", tree_json},     {"list", tree_list},     {"glob", tree_glob},
                             {"toml", tree_toml},     {"yaml", tree_yaml},     {"name", tree_name_method},
                             {nullptr, nullptr}};

}  // namespace

void push_source_tree(lua_State* L) {
  auto* handle = static_cast<TreeHandle*>(lua_newuserdatauv(L, sizeof(TreeHandle), 0));
  handle->generation = host_context(L).generation;
  if (luaL_newmetatable(L, kTreeType)) {
    lua_createtable(L, 0, 10);
    luaL_setfuncs(L, kMethods, 0);
    lua_setfield(L, -2, "__index");
    // getmetatable(tree) returns this instead of the table, so a script cannot swap the methods.
    lua_pushliteral(L, "kiln.SourceTree");
    lua_setfield(L, -2, "__metatable");
  }
  lua_setmetatable(L, -2);
}

}  // namespace kiln
