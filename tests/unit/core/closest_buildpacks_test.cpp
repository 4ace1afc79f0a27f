#include "core/closest_buildpacks.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Verdict not_asked(const std::string& id, std::vector<std::string> looks_for) {
  return {id, Verdict::Outcome::NotAsked, 0, {}, std::move(looks_for), {}};
}

TEST(ClosestBuildpacks, AFileOneFolderDownIsNamedWithItsFolderAndEveryBuildpackThatWantsIt) {
  testing::TempDir dir;
  dir.write("README.md", "# monorepo\n");
  dir.write("frontend/package.json", "{}");
  dir.write("node_modules/x/go.mod", "module x\n");  // dependency folders are not the user's app
  auto tree = LocalSourceTree::open(dir.path());
  ASSERT_TRUE(tree);
  const auto closest = closest_buildpacks(*tree, {not_asked("kiln.node", {"package.json"}),
                                                  not_asked("kiln.go", {"go.mod"}),
                                                  not_asked("kiln.bun", {"bun.lock", "package.json"})});
  ASSERT_EQ(closest.size(), 1u);
  EXPECT_THAT(closest[0].buildpacks, ElementsAre("kiln.node", "kiln.bun"));
  EXPECT_EQ(closest[0].file, "package.json");
  EXPECT_EQ(closest[0].subfolder, "frontend");
  EXPECT_THAT(describe(closest[0]), HasSubstr("set context = \"frontend\""));
}

TEST(ClosestBuildpacks, OneThatWasAskedAndDeclinedComesAfterAFolderHint) {
  testing::TempDir dir;
  dir.write("api/go.mod", "module api\n");
  dir.write("package.json", "{}");
  auto tree = LocalSourceTree::open(dir.path());
  ASSERT_TRUE(tree);
  Verdict declined{"kiln.node", Verdict::Outcome::Declined, 0, {"package.json"}, {"package.json"}, {}};
  const auto closest = closest_buildpacks(*tree, {declined, not_asked("kiln.go", {"go.mod"})});
  ASSERT_EQ(closest.size(), 2u);
  EXPECT_EQ(closest[0].subfolder, "api");
  EXPECT_THAT(describe(closest[1]), HasSubstr("kiln.node: looked at the app and declined (saw package.json)"));
}

TEST(ClosestBuildpacks, NothingOfTheirsNearbyIsNotClose) {
  testing::TempDir dir;
  dir.write("notes/todo.txt", "x\n");
  auto tree = LocalSourceTree::open(dir.path());
  ASSERT_TRUE(tree);
  EXPECT_TRUE(closest_buildpacks(*tree, {not_asked("kiln.node", {"package.json"})}).empty());
}

}  // namespace
}  // namespace kiln
