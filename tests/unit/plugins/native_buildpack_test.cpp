#include "plugins/native_buildpack.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/local_source_tree.hpp"
#include "plugins/buildpack_registry.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// The descriptor of fixture case `name` (tests/fixtures/plugins/native/<name>/buildpack.toml, as built).
BuildpackDescriptor fixture(const std::string& name) {
  auto folder = std::filesystem::path(KILN_TEST_PLUGIN_DIR) / name / ("fixture_" + name);
  auto descriptor = read_buildpack_descriptor(folder);
  EXPECT_TRUE(descriptor.ok()) << descriptor.error().message;
  return descriptor.value();
}

LocalSourceTree open_tree(const testing::TempDir& dir) { return LocalSourceTree::open(dir.path()).value(); }

TEST(NativeBuildpack, LoadsAWellFormedBuildpackAndRunsItThroughTheCAbi) {
  auto loaded = load_native_buildpack(fixture("good"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  testing::TempDir dir;
  dir.write("good.txt", "yes");
  auto tree = open_tree(dir);
  auto detection = (*loaded)->detect(tree);
  ASSERT_TRUE(detection.ok()) << detection.error().message;
  EXPECT_TRUE(detection->pass);
  EXPECT_EQ(detection->score, 50);
  EXPECT_EQ(detection->evidence, std::vector<std::string>{"good.txt"});
  auto plan = (*loaded)->generate(tree, *detection, {});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->start.argv, (std::vector<std::string>{"cat", "good.txt"}));
}

TEST(NativeBuildpack, TheObjectKeepsItsLibraryAlive) {
  BuildpackCodePtr survivor;
  {
    auto loaded = load_native_buildpack(fixture("good"));
    ASSERT_TRUE(loaded.ok());
    survivor = loaded.value();
  }
  testing::TempDir dir;
  auto tree = open_tree(dir);
  auto detection = survivor->detect(tree);
  ASSERT_TRUE(detection.ok());
  EXPECT_FALSE(detection->pass);
}

TEST(NativeBuildpack, APlainCLibraryOnTheOldestAbiWorks) {
  auto loaded = load_native_buildpack(fixture("c_abi_v1"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  testing::TempDir dir;
  dir.write("Makefile", "# serve\nall:\n\tcc -o server server.c\n");
  auto tree = open_tree(dir);
  auto detection = (*loaded)->detect(tree);
  ASSERT_TRUE(detection.ok()) << detection.error().message;
  EXPECT_TRUE(detection->pass);
  EXPECT_EQ(detection->score, 55);
  auto plan = (*loaded)->generate(tree, *detection, {});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->port, 8080);
  EXPECT_EQ(plan->start.argv, std::vector<std::string>{"./server"});
}

TEST(NativeBuildpack, RefusesAnAbiRangeItDoesNotSpeakNamingBoth) {
  auto loaded = load_native_buildpack(fixture("wrong_api"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, AllOf(HasSubstr("fixture_wrong_api.so"), HasSubstr("ABI 998 to 999"),
                                            HasSubstr("kiln speaks ABI 1 to 3")));
}

TEST(NativeBuildpack, RefusesALibraryWithoutInfoBlock) {
  auto loaded = load_native_buildpack(fixture("missing_info"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, AllOf(HasSubstr("fixture_missing_info.so"), HasSubstr("kiln_buildpack_info")));
}

TEST(NativeBuildpack, RefusesTheOldCppBoundaryWithAWayOut) {
  auto loaded = load_native_buildpack(fixture("cpp_boundary"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, AllOf(HasSubstr("C++ plugin boundary"), HasSubstr("rebuild it")));
}

TEST(NativeBuildpack, RefusesAMissingEntryPoint) {
  auto loaded = load_native_buildpack(fixture("missing_entry"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, AllOf(HasSubstr("fixture_missing_entry.so"), HasSubstr("kiln_buildpack_detect")));
}

TEST(NativeBuildpack, RefusesAFileThatIsNotALibrary) {
  testing::TempDir dir;
  auto bogus = dir.write("bogus.so", "this is text, not ELF");
  BuildpackDescriptor descriptor{"com.example.bogus", "1.0.0", "native", 2, bogus.string()};
  auto loaded = load_native_buildpack(descriptor);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message, AllOf(HasSubstr("bogus.so"), HasSubstr("cannot load")));
}

TEST(NativeBuildpack, AThrowingConstructorIsAnErrorValue) {
  auto loaded = load_native_buildpack(fixture("throwing_constructor"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  testing::TempDir dir;
  auto tree = open_tree(dir);
  auto detection = (*loaded)->detect(tree);
  ASSERT_FALSE(detection.ok());
  EXPECT_EQ(detection.error().code, ErrorCode::PluginFailure);
  EXPECT_THAT(detection.error().message, AllOf(HasSubstr("com.example.throwing-constructor"), HasSubstr("configuration missing")));
}

TEST(NativeBuildpack, AnyThrowBecomesAnErrorNamingThePlugin) {
  auto loaded = load_native_buildpack(fixture("throwing_detect"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  testing::TempDir dir;
  auto tree = open_tree(dir);
  auto detection = (*loaded)->detect(tree);
  ASSERT_FALSE(detection.ok());
  EXPECT_THAT(detection.error().message,
              AllOf(HasSubstr("com.example.exploding"), HasSubstr("detect"), HasSubstr("detector bug")));
  auto plan = (*loaded)->generate(tree, {}, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_THAT(plan.error().message, AllOf(HasSubstr("com.example.exploding"), HasSubstr("unknown exception")));
}

}  // namespace
}  // namespace kiln
