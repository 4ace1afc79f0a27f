#include <gtest/gtest.h>

#include <kiln/support/node_package_json.hpp>
#include <kiln/support/node_version.hpp>
#include <kiln/support/runtime_pin.hpp>

#include "core/local_source_tree.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln::support {
namespace {

TEST(RuntimePin, LineOfFindsTheLineAfterAnAnchor) {
  const std::string text = "{\n  \"name\": \"node\",\n  \"engines\": {\n    \"npm\": \">=10\",\n    \"node\": \">=20\"\n  }\n}\n";
  EXPECT_EQ(line_of(text, "\"node\""), 2);
  EXPECT_EQ(line_of(text, "\"node\"", "\"engines\""), 5);
  EXPECT_EQ(line_of(text, "\"deno\""), 0);
  EXPECT_EQ(line_of(text, "\"node\"", "\"volta\""), 0);
  EXPECT_EQ(line_of("module x\n\ngo 1.22\n", "\ngo "), 3);  // the line that starts with "go ", not the one before
}

TEST(RuntimePin, NoRangeIsTheDefaultAndARangeCarriesItsPin) {
  EXPECT_EQ(pinned_runtime("go", "", "go.mod", "go 1.22"), sdk::BaseImage::of_runtime("go"));
  auto pinned = pinned_runtime("go", ">=1.22", "go.mod", "module x\ngo 1.22\n", "go", "\ngo ");
  EXPECT_EQ(pinned.version, ">=1.22");
  ASSERT_TRUE(pinned.pinned_by);
  EXPECT_EQ(*pinned.pinned_by, (sdk::VersionPin{"go.mod", 2, "go"}));
}

sdk::BaseImage node_runtime_of(const std::map<std::string, std::string>& files) {
  kiln::testing::TempDir dir;
  for (const auto& [name, text] : files) dir.write(name, text);
  auto tree = LocalSourceTree::open(dir.path());
  EXPECT_TRUE(tree);
  auto package = PackageJson::parse(files.count("package.json") ? files.at("package.json") : "{}");
  return node_runtime(*tree, requested_node_version(*tree, package));
}

TEST(NodeRuntime, VersionFilesMeanTheirMajorAndEnginesStayAsWritten) {
  EXPECT_EQ(node_runtime_of({{".nvmrc", "v20.11.1\n"}}).version, "20");
  EXPECT_EQ(node_runtime_of({{".node-version", "22\n"}}).version, "22");
  EXPECT_EQ(node_runtime_of({{".nvmrc", "lts/iron\n"}}).version, "20");
  EXPECT_EQ(node_runtime_of({{".nvmrc", "lts/*\n"}}), sdk::BaseImage::of_runtime("node"));
  EXPECT_EQ(node_runtime_of({{".nvmrc", "node\n"}}).version, "*");
  EXPECT_EQ(node_runtime_of({}), sdk::BaseImage::of_runtime("node"));
  auto engines = node_runtime_of({{"package.json", "{\n  \"name\": \"a\",\n  \"engines\": {\n    \"node\": \"^20.10 || >=22\"\n  }\n}\n"}});
  EXPECT_EQ(engines.version, "^20.10 || >=22");
  ASSERT_TRUE(engines.pinned_by);
  EXPECT_EQ(*engines.pinned_by, (sdk::VersionPin{"package.json", 4, "engines.node"}));
  auto nvmrc = node_runtime_of({{".nvmrc", "18\n"}, {"package.json", "{\"engines\": {\"node\": \">=20\"}}"}});
  EXPECT_EQ(nvmrc.version, "18");  // the version file wins
  EXPECT_EQ(*nvmrc.pinned_by, (sdk::VersionPin{".nvmrc", 1, ""}));
}

}  // namespace
}  // namespace kiln::support
