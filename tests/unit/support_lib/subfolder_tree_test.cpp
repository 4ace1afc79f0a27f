#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <kiln/support/subfolder_tree.hpp>

#include "core/local_source_tree.hpp"
#include "unit/support/temp_dir.hpp"

namespace {

using kiln::support::SubfolderTree;

TEST(SubfolderTree, SeesTheFolderAsItsRoot) {
  kiln::testing::TempDir dir;
  dir.write("package.json", "{}");
  dir.write("apps/web/package.json", R"({"name": "web"})");
  dir.write("apps/web/src/index.js", "x");
  auto outer = kiln::LocalSourceTree::open(dir.path());
  ASSERT_TRUE(outer.ok());
  SubfolderTree web(*outer, "apps/web");

  EXPECT_EQ(web.name(), "web");
  EXPECT_EQ(web.read("package.json"), R"({"name": "web"})");
  EXPECT_TRUE(web.is_dir("src"));
  EXPECT_THAT(web.glob("src/*.js"), ::testing::ElementsAre("src/index.js"));
  EXPECT_THAT(web.list(), ::testing::ElementsAre("package.json", "src/"));
}

TEST(SubfolderTree, PathsThatClimbOutAreAbsent) {
  kiln::testing::TempDir dir;
  dir.write("secret.txt", "s");
  dir.write("apps/web/package.json", "{}");
  auto outer = kiln::LocalSourceTree::open(dir.path());
  ASSERT_TRUE(outer.ok());
  SubfolderTree web(*outer, "apps/web");

  EXPECT_FALSE(web.exists("../../secret.txt"));
  EXPECT_FALSE(web.read("../../secret.txt"));
  EXPECT_FALSE(web.exists("/etc/passwd"));
  EXPECT_TRUE(web.glob("../../*.txt").empty());
}

}  // namespace
