#pragma once
// Shared by the Lua host tests: fixture scripts, loading, and a tree over a temp folder.
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/local_source_tree.hpp"
#include "plugins/lua_buildpack.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln::testing {

inline std::filesystem::path lua_fixture(const std::string& name) {
  return std::filesystem::path(KILN_FIXTURES_DIR) / "plugins" / "lua" / name;
}

inline std::shared_ptr<LuaBuildpack> load_lua(const std::filesystem::path& script, const LuaLimits& limits = {}) {
  auto loaded = LuaBuildpack::load(script, limits);
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
  return loaded.ok() ? loaded.value() : nullptr;
}

inline LocalSourceTree open_tree(const TempDir& dir) {
  auto tree = LocalSourceTree::open(dir.path());
  if (!tree.ok()) throw std::runtime_error(tree.error().message);
  return std::move(tree).value();
}

// The message of the BuildpackError that call throws, or "" if it throws none.
template <class Call>
std::string buildpack_error(Call&& call) {
  try {
    call();
  } catch (const sdk::BuildpackError& e) {
    return e.what();
  }
  return "";
}

}  // namespace kiln::testing
