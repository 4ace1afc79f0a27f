#include <gtest/gtest.h>

#include <filesystem>

#include <kiln/support/root_file.hpp>

#include "core/local_source_tree.hpp"
#include "unit/support/temp_dir.hpp"

using kiln::support::first_root_file;
using kiln::support::root_files;

TEST(RootFile, FindsFilesInTheOrderAsked) {
  kiln::testing::TempDir dir;
  dir.write("Containerfile", "FROM scratch\n");
  dir.write("dockerfile", "FROM scratch\n");
  dir.write("bin/start", "#!/bin/sh\n");
  auto tree = kiln::LocalSourceTree::open(dir.path());
  ASSERT_TRUE(tree);
  EXPECT_EQ(first_root_file(*tree, {"Dockerfile", "dockerfile", "Containerfile"}), "dockerfile");
  EXPECT_EQ(root_files(*tree, {"Containerfile", "start.sh", "bin/start", "dockerfile"}),
            (std::vector<std::string>{"Containerfile", "bin/start", "dockerfile"}));
  EXPECT_FALSE(first_root_file(*tree, {"compose.yaml", "bin/stop"}));
}

TEST(RootFile, FoldersAndEscapingLinksDoNotCount) {
  kiln::testing::TempDir outside;
  auto secret = outside.write("passwd", "root:x:0:0\n");
  kiln::testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "Dockerfile");
  std::filesystem::create_symlink(secret, dir.path() / "Containerfile");
  dir.write("docs/Dockerfile", "FROM scratch\n");
  auto tree = kiln::LocalSourceTree::open(dir.path());
  ASSERT_TRUE(tree);
  EXPECT_FALSE(first_root_file(*tree, {"Dockerfile", "Containerfile"}));
}
