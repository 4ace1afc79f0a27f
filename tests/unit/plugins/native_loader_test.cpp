#include "plugins/native_loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/local_source_tree.hpp"
#include "plugins/guarded_call.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::filesystem::path fixture_plugin(const std::string& name) {
  return std::filesystem::path(KILN_TEST_PLUGIN_DIR) / name / ("fixture_" + name + ".so");
}

TEST(NativeLoader, LoadsAWellFormedBuildpack) {
  auto loaded = load_native_buildpack(fixture_plugin("good"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->descriptor.id, "com.example.good");
  EXPECT_EQ(loaded->descriptor.version, "1.2.3");
  EXPECT_EQ(loaded->descriptor.kind, "native");
  EXPECT_EQ(loaded->descriptor.description, "test fixture: good.txt");

  testing::TempDir dir;
  dir.write("good.txt", "yes");
  auto tree = LocalSourceTree::open(dir.path());
  auto detection = loaded->impl->detect(*tree);
  EXPECT_TRUE(detection.pass);
  EXPECT_EQ(detection.evidence, std::vector<std::string>{"good.txt"});
}

TEST(NativeLoader, TheObjectKeepsItsLibraryAlive) {
  std::shared_ptr<const sdk::Buildpack> survivor;
  {
    auto loaded = load_native_buildpack(fixture_plugin("good"));
    ASSERT_TRUE(loaded.ok());
    survivor = loaded->impl;
  }
  testing::TempDir dir;
  auto tree = LocalSourceTree::open(dir.path());
  // The code still runs after the loader's own handle is gone.
  EXPECT_FALSE(survivor->detect(*tree).pass);
}

TEST(NativeLoader, RefusesAWrongApiVersionNamingBoth) {
  auto loaded = load_native_buildpack(fixture_plugin("wrong_api"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message,
              AllOf(HasSubstr("fixture_wrong_api.so"), HasSubstr("version 999"), HasSubstr("speaks version 1")));
}

TEST(NativeLoader, RefusesALibraryWithoutInfoBlock) {
  auto loaded = load_native_buildpack(fixture_plugin("missing_info"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, AllOf(HasSubstr("fixture_missing_info.so"), HasSubstr("kiln_plugin_info")));
}

TEST(NativeLoader, RefusesAMissingFactory) {
  auto loaded = load_native_buildpack(fixture_plugin("missing_factory"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, AllOf(HasSubstr("fixture_missing_factory.so"), HasSubstr("kiln_create_buildpack")));
}

TEST(NativeLoader, RefusesAFactoryThatThrows) {
  auto loaded = load_native_buildpack(fixture_plugin("throwing_factory"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message,
              AllOf(HasSubstr("fixture_throwing_factory.so"), HasSubstr("configuration missing")));
}

TEST(NativeLoader, RefusesAFileThatIsNotALibrary) {
  testing::TempDir dir;
  auto bogus = dir.write("bogus.so", "this is text, not ELF");
  auto loaded = load_native_buildpack(bogus);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, AllOf(HasSubstr("bogus.so"), HasSubstr("cannot load")));
}

TEST(GuardedCall, TurnsAnyThrowIntoAnErrorNamingThePlugin) {
  auto loaded = load_native_buildpack(fixture_plugin("throwing_detect"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  testing::TempDir dir;
  auto tree = LocalSourceTree::open(dir.path());
  auto detection = guarded_call(loaded->descriptor, "detect", [&] { return loaded->impl->detect(*tree); });
  ASSERT_FALSE(detection.ok());
  EXPECT_THAT(detection.error().message,
              AllOf(HasSubstr("com.example.exploding"), HasSubstr("detect"), HasSubstr("detector bug")));

  auto plan = guarded_call(loaded->descriptor, "generate",
                           [&] { return loaded->impl->generate(*tree, {}, {}); });
  ASSERT_FALSE(plan.ok());
  EXPECT_THAT(plan.error().message, AllOf(HasSubstr("com.example.exploding"), HasSubstr("unknown exception")));
}

}  // namespace
}  // namespace kiln
