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


// A bundled Lua buildpack (plugins/<name>/buildpack.lua) loaded through the host,
// with detect/plan helpers over fixture apps and a temp folder for made-up ones.
class BundledLuaBuildpackTest : public ::testing::Test {
 protected:
  explicit BundledLuaBuildpackTest(std::string name) : name_(std::move(name)) {}
  void SetUp() override {
    buildpack_ = load_lua(std::filesystem::path(KILN_SOURCE_DIR) / "plugins" / name_ / "buildpack.lua");
    ASSERT_TRUE(buildpack_);
  }

  sdk::Detection detect(const std::filesystem::path& root) {
    auto tree = LocalSourceTree::open(root);
    return buildpack_->detect(tree.value());
  }
  sdk::BuildPlan plan(const std::filesystem::path& root) {
    auto tree = LocalSourceTree::open(root);
    auto detection = buildpack_->detect(tree.value());
    return buildpack_->generate(tree.value(), detection, {});
  }
  static std::filesystem::path app(const std::string& name) {
    return std::filesystem::path(KILN_FIXTURES_DIR) / "apps" / name;
  }

  std::string name_;
  std::shared_ptr<LuaBuildpack> buildpack_;
  TempDir dir_;
};

}  // namespace kiln::testing
