#include "core/stack_catalogue.hpp"

#include <algorithm>
#include <fstream>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiln {
namespace {

using ::testing::HasSubstr;

constexpr const char* kCatalogue = R"(
[[stack]]
name = "base"
runtime = "base"
default = true
image = "kiln/stack-base:bookworm"

[[stack]]
name = "node-20"
runtime = "node"
versions = ["20.20.2"]
image = "kiln/stack-node-20:bookworm"

[[stack]]
name = "node-22"
runtime = "node"
versions = ["22.23.5"]
default = true
image = "kiln/stack-node-22:bookworm"

[[stack]]
name = "node-24"
runtime = "node"
versions = ["24.1.0"]
image = "kiln/stack-node-24:bookworm"
recipe = "node.Dockerfile"   # make-stacks.sh's keys are not kiln's business
)";

StackCatalogue catalogue() {
  auto parsed = StackCatalogue::parse(kCatalogue, "test.toml");
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed.ok() ? *parsed : StackCatalogue{};
}

std::string image_for(const StackCatalogue& c, const std::string& runtime, const std::string& range) {
  auto resolved = c.resolve(sdk::BaseImage::of_runtime(runtime, range, sdk::VersionPin{"package.json", 7, "engines.node"}));
  return resolved.ok() ? resolved->image : "error: " + resolved.error().message;
}

TEST(StackCatalogue, NoRangeMeansTheDefault) {
  auto c = catalogue();
  EXPECT_EQ(image_for(c, "node", ""), "kiln/stack-node-22:bookworm");
  auto resolved = c.resolve(sdk::BaseImage::of_runtime("node"));
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->stack->name, "node-22");
  EXPECT_EQ(resolved->version, "22.23.5");
}

TEST(StackCatalogue, ARangeGetsTheDefaultWhenItFitsElseTheNewestThatDoes) {
  auto c = catalogue();
  EXPECT_EQ(image_for(c, "node", ">=20 <21"), "kiln/stack-node-20:bookworm");
  EXPECT_EQ(image_for(c, "node", "20"), "kiln/stack-node-20:bookworm");
  EXPECT_EQ(image_for(c, "node", "^20.10"), "kiln/stack-node-20:bookworm");
  EXPECT_EQ(image_for(c, "node", ">=18"), "kiln/stack-node-22:bookworm");  // the default fits: not 24
  EXPECT_EQ(image_for(c, "node", "18.x || 22.x"), "kiln/stack-node-22:bookworm");
  EXPECT_EQ(image_for(c, "node", ">=23"), "kiln/stack-node-24:bookworm");
  EXPECT_EQ(image_for(c, "node", "*"), "kiln/stack-node-22:bookworm");
}

TEST(StackCatalogue, ARangeNothingSatisfiesNamesTheFileTheLineAndWhatIsOnOffer) {
  auto c = catalogue();
  EXPECT_EQ(image_for(c, "node", ">=25"),
            "error: package.json:7 (engines.node) asks for node >=25; the stack catalogue offers node 20.20.2, 22.23.5, 24.1.0 "
            "(kiln.toml runtime_versions = \"nearest\" takes the nearest instead)");
  EXPECT_EQ(image_for(c, "node", "nightly"),
            "error: package.json:7 (engines.node) asks for node 'nightly', which is not a version range kiln reads; the stack "
            "catalogue offers node 20.20.2, 22.23.5, 24.1.0");
  auto unknown = c.resolve(sdk::BaseImage::of_runtime("cobol"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::PlanFailed);
  EXPECT_THAT(unknown.error().message, HasSubstr("no stack for the runtime cobol (runtimes: base, node)"));
}

TEST(StackCatalogue, TheNearestPolicyTakesTheClosestVersionAndSaysSo) {
  auto c = catalogue();
  c.set_version_policy(VersionPolicy::nearest);
  // 21 is as far from 20 as from 22: the newer; 23.9 is nearer 24 than 22.
  EXPECT_EQ(image_for(c, "node", "21"), "kiln/stack-node-22:bookworm");
  EXPECT_EQ(image_for(c, "node", ">=26 <27"), "kiln/stack-node-24:bookworm");
  EXPECT_EQ(image_for(c, "node", "^19.4"), "kiln/stack-node-20:bookworm");
  auto resolved = c.resolve(sdk::BaseImage::of_runtime("node", "21", sdk::VersionPin{".nvmrc", 1, ""}));
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->version, "22.23.5");
  EXPECT_EQ(resolved->warning, ".nvmrc:1 asks for node 21, which no stack has; the stack catalogue offers node 20.20.2, "
                               "22.23.5, 24.1.0: using the nearest, 22.23.5 (kiln.toml runtime_versions = \"nearest\")");
  // A pin that is met needs no warning; a range that names no version is still an error.
  EXPECT_EQ(c.resolve(sdk::BaseImage::of_runtime("node", "20"))->warning, "");
  EXPECT_THAT(image_for(c, "node", "nightly"), HasSubstr("not a version range kiln reads"));
}

TEST(StackCatalogue, StringsAreRuntimesStacksOrImagesAsWritten) {
  auto c = catalogue();
  EXPECT_EQ(c.resolve(sdk::BaseImage("node"))->image, "kiln/stack-node-22:bookworm");
  EXPECT_EQ(c.resolve(sdk::BaseImage("node-20"))->image, "kiln/stack-node-20:bookworm");
  EXPECT_EQ(c.resolve(sdk::BaseImage("node:22-bookworm-slim"))->image, "node:22-bookworm-slim");
  EXPECT_EQ(c.resolve(sdk::BaseImage("node:22-bookworm-slim"))->stack, nullptr);
}

TEST(StackCatalogue, ImagesMapByStackOrRuntime) {
  auto c = catalogue();
  ASSERT_TRUE(c.map_image("node-20", "node:20-bookworm-slim").ok());
  EXPECT_EQ(image_for(c, "node", "20"), "node:20-bookworm-slim");
  EXPECT_EQ(image_for(c, "node", ""), "kiln/stack-node-22:bookworm");
  ASSERT_TRUE(c.map_image("node", "registry.example/node:any").ok());
  EXPECT_EQ(image_for(c, "node", "22"), "registry.example/node:any");
  auto typo = c.map_image("ndoe", "node:22");
  ASSERT_FALSE(typo.ok());
  EXPECT_THAT(typo.error().message, HasSubstr("'ndoe' is neither a stack nor a runtime"));
  EXPECT_FALSE(c.map_image("node", "node:22\nRUN evil").ok());
}

TEST(StackCatalogue, AUsersCatalogueReplacesStacksByNameAndAddsTheRest) {
  auto c = catalogue();
  auto theirs = StackCatalogue::parse(R"(
[[stack]]
name = "node-22"
runtime = "node"
versions = ["22.23.5"]
image = "node:22-bookworm-slim"

[[stack]]
name = "node-26"
runtime = "node"
versions = ["26.0.1"]
default = true
image = "node:26-bookworm-slim"
)", "mine.toml");
  ASSERT_TRUE(theirs.ok()) << theirs.error().message;
  c.merge(*theirs);
  EXPECT_EQ(image_for(c, "node", "22"), "node:22-bookworm-slim");
  EXPECT_EQ(image_for(c, "node", ""), "node:26-bookworm-slim");  // their default wins
  EXPECT_EQ(c.stacks().size(), 5u);
}

TEST(StackCatalogue, BadFilesAreErrorsWithTheirLine) {
  struct Bad {
    const char* text;
    const char* message;
  };
  for (const auto& bad : {
           Bad{"[[stack]]\nname = \"x\"\nruntime = \"x\"\n", "test.toml:1: a [[stack]] needs 'image'"},
           Bad{"[[stack]]\nname = \"x\"\nruntime = \"x\"\nimage = \"Not An Image\"\n", "test.toml:4: stack x:"},
           Bad{"[[stack]]\nname = \"x\"\nruntime = \"x\"\nimage = \"x\"\nversions = [\"latest\"]\n", "test.toml:5: stack x: versions"},
           Bad{"[[stack]]\nname = \"a\"\nruntime = \"x\"\nimage = \"a\"\ndefault = true\n"
               "[[stack]]\nname = \"b\"\nruntime = \"x\"\nimage = \"b\"\ndefault = true\n",
               "runtime x has more than one default stack"},
           Bad{"[[stack]]\nname = \"a\"\nruntime = \"x\"\nimage = \"a\"\n[[stack]]\nname = \"a\"\nruntime = \"x\"\nimage = \"a\"\n",
               "stack a is listed twice"},
           Bad{"stack = 3\n", "test.toml:1: 'stack' must be an array of tables"},
           Bad{"[[stack]\n", "test.toml:1:"},
       }) {
    auto parsed = StackCatalogue::parse(bad.text, "test.toml");
    ASSERT_FALSE(parsed.ok()) << bad.text;
    EXPECT_EQ(parsed.error().code, ErrorCode::InvalidConfig);
    EXPECT_THAT(parsed.error().message, HasSubstr(bad.message)) << bad.text;
  }
  EXPECT_THAT(StackCatalogue::read_file("/nonexistent/stacks.toml").error().message, HasSubstr("cannot read the stack catalogue"));
}

// The file in the repository, compiled in: every runtime has exactly one
// default, and every runtime a bundled buildpack asks for is in it.
TEST(StackCatalogue, TheBuiltinCatalogueIsTheRepositorysFile) {
  std::ifstream file(std::string(KILN_SOURCE_DIR) + "/stacks/catalogue.toml");
  ASSERT_TRUE(file) << "stacks/catalogue.toml";
  std::string text((std::istreambuf_iterator<char>(file)), {});
  auto parsed = StackCatalogue::parse(text, "stacks/catalogue.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const auto& builtin = StackCatalogue::builtin();
  ASSERT_EQ(builtin.stacks().size(), parsed->stacks().size());
  std::set<std::string> runtimes, defaults;
  for (const auto& stack : builtin.stacks()) {
    runtimes.insert(stack.runtime);
    if (stack.is_default) defaults.insert(stack.runtime);
  }
  EXPECT_EQ(runtimes, defaults);
  for (const char* runtime : {"base", "node", "python", "go", "rust", "java", "java-runtime", "static", "ruby", "php", "deno",
                              "bun", "elixir", "cpp", "cobol", "haskell", "clojure", "zig", "crystal", "swift",
                              "swift-runtime", "scala", "node-runtime", "python-runtime", "cc-runtime", "static-runtime",
                              "minimal"})
    EXPECT_TRUE(runtimes.count(runtime)) << runtime;
  EXPECT_EQ(builtin.versions_on_offer("node"), "20.20.2, 22.23.5");
  EXPECT_EQ(builtin.resolve(sdk::BaseImage::of_runtime("node"))->version, "22.23.5");  // an LTS by default
  EXPECT_EQ(builtin.versions_on_offer("go"), "1.26.11, 1.27.4");
  EXPECT_EQ(builtin.versions_on_offer("python"), "3.11.2, 3.13.5");
}

// A run stack runs what its fuller stack built: the same runtime versions,
// so one range picks a pair (node-20 builds, node-20-runtime runs).
TEST(StackCatalogue, EveryRunStackHasTheVersionsOfItsFullerStack) {
  const auto& builtin = StackCatalogue::builtin();
  int slim = 0;
  for (const auto& stack : builtin.stacks()) {
    if (stack.fuller.empty()) continue;
    ++slim;
    auto fuller = std::find_if(builtin.stacks().begin(), builtin.stacks().end(), [&](const auto& s) { return s.name == stack.fuller; });
    ASSERT_NE(fuller, builtin.stacks().end()) << stack.name << " names " << stack.fuller;
    if (!stack.versions.empty()) EXPECT_EQ(stack.versions, fuller->versions) << stack.name;
    EXPECT_TRUE(fuller->fuller.empty()) << stack.fuller << " is a run stack itself";
  }
  EXPECT_GE(slim, 5);
  for (const char* range : {">=20 <21", ">=22", ""}) {
    auto build = builtin.resolve(sdk::BaseImage::of_runtime("node", range));
    auto run = builtin.resolve(sdk::BaseImage::of_runtime("node-runtime", range));
    ASSERT_TRUE(build.ok() && run.ok()) << range;
    EXPECT_EQ(build->version, run->version) << range;
    EXPECT_EQ(run->stack->fuller, build->stack->name) << range;
  }
  auto minimal = builtin.resolve_run(sdk::BaseImage::of_runtime("minimal"), false, true);
  EXPECT_EQ(minimal->stack->name, "base");  // no shell in minimal
}

}  // namespace
}  // namespace kiln
