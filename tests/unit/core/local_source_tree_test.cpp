#include "core/local_source_tree.hpp"

#include <gtest/gtest.h>

#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

using testing::TempDir;

TEST(LocalSourceTree, ReadsFilesInsideTheRoot) {
  TempDir dir;
  dir.write("package.json", R"({"name": "app"})");
  dir.write("src/index.js", "console.log(1)");
  auto tree = LocalSourceTree::open(dir.path());
  ASSERT_TRUE(tree.ok()) << tree.error().message;
  EXPECT_TRUE(tree->exists("package.json"));
  EXPECT_TRUE(tree->is_dir("src"));
  EXPECT_EQ(tree->read("src/index.js").value(), "console.log(1)");
  EXPECT_EQ(tree->json("package.json")->at("name"), "app");
  EXPECT_EQ(tree->list(""), (std::vector<std::string>{"package.json", "src/"}));
}

TEST(LocalSourceTree, RefusesToLeaveTheRoot) {
  TempDir dir;
  dir.write("app/index.html", "hi");
  dir.write("secret.txt", "no");
  std::filesystem::create_symlink("/etc/passwd", dir.path() / "app" / "passwd");
  std::filesystem::create_symlink("/etc", dir.path() / "app" / "etc");
  auto tree = LocalSourceTree::open(dir.path() / "app");
  ASSERT_TRUE(tree.ok());
  EXPECT_FALSE(tree->read("../secret.txt"));
  EXPECT_FALSE(tree->read("/etc/passwd"));
  EXPECT_FALSE(tree->read("passwd"));
  EXPECT_FALSE(tree->read("etc/passwd"));
  EXPECT_FALSE(tree->exists("etc"));
  EXPECT_TRUE(tree->list("etc").empty());
  EXPECT_TRUE(tree->glob("etc/*").empty());
  EXPECT_FALSE(tree->subtree("..").ok());
}

TEST(LocalSourceTree, CapsReads) {
  TempDir dir;
  dir.write("big.json", std::string(2000, 'x'));
  auto tree = LocalSourceTree::open(dir.path());
  EXPECT_FALSE(tree->read("big.json", 1000));
  EXPECT_TRUE(tree->read("big.json", 2000));
}

TEST(LocalSourceTree, GlobsWithoutEnteringHeavyFolders) {
  TempDir dir;
  dir.write("apps/web/package.json", "{}");
  dir.write("apps/api/package.json", "{}");
  dir.write("node_modules/x/package.json", "{}");
  dir.write("a/b/c/main.go", "package main");
  auto tree = LocalSourceTree::open(dir.path());
  EXPECT_EQ(tree->glob("apps/*/package.json"),
            (std::vector<std::string>{"apps/api/package.json", "apps/web/package.json"}));
  EXPECT_EQ(tree->glob("**/package.json"),
            (std::vector<std::string>{"apps/api/package.json", "apps/web/package.json"}));
  EXPECT_EQ(tree->glob("**/*.go"), (std::vector<std::string>{"a/b/c/main.go"}));
  EXPECT_EQ(tree->glob("*.go"), std::vector<std::string>{});
}

TEST(GlobMatch, Patterns) {
  EXPECT_TRUE(glob_match("*.py", "app.py"));
  EXPECT_FALSE(glob_match("*.py", "src/app.py"));
  EXPECT_TRUE(glob_match("**/*.py", "src/app.py"));
  EXPECT_TRUE(glob_match("**/*.py", "app.py"));
  EXPECT_TRUE(glob_match("src/?.txt", "src/a.txt"));
  EXPECT_FALSE(glob_match("src/?.txt", "src/ab.txt"));
}

}  // namespace
}  // namespace kiln
