#include "plugins/descriptor_cache.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "plugins/buildpack_registry.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

using ::testing::HasSubstr;

std::string descriptor_text(const std::string& version, const std::string& description) {
  return "api = 2\nid = \"com.example.cached\"\nversion = \"" + version + "\"\nkind = \"native\"\nentry = \"x.so\"\n" +
         "description = \"" + description + "\"\nlooks_for = [\"x.txt\"]\nchosen_by = [\"x\"]\nlicenses = [\"MIT\"]\n" +
         "looks_inside = { files = [\"package.json\"], words = [\"x\", \"y\"] }\n";
}

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(DescriptorCache, GivesWhatTheFileSaysAndKeepsIt) {
  testing::TempDir dir;
  dir.write("bp/buildpack.toml", descriptor_text("1.0.0", "first"));
  const auto file = dir.path() / "cache/descriptors.cbor";
  {
    DescriptorCache cache(file);
    auto read = cache.read(dir.path() / "bp");
    ASSERT_TRUE(read) << read.error().message;
    auto direct = read_buildpack_descriptor(dir.path() / "bp");
    ASSERT_TRUE(direct);
    EXPECT_EQ(nlohmann::json(to_json(*read)), nlohmann::json(to_json(*direct)));
    EXPECT_EQ(read->chosen_by, direct->chosen_by);
    EXPECT_EQ(read->descriptor_file, direct->descriptor_file);
    cache.save();
  }
  ASSERT_TRUE(std::filesystem::exists(file));
  DescriptorCache again(file);
  auto read = again.read(dir.path() / "bp");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->version, "1.0.0");
  EXPECT_EQ(read->chosen_by, std::vector<std::string>{"x"});
  EXPECT_EQ(read->looks_for, std::vector<std::string>{"x.txt"});
  EXPECT_EQ(read->looks_inside.files, std::vector<std::string>{"package.json"});
  EXPECT_EQ(read->looks_inside.words, (std::vector<std::string>{"x", "y"}));
}

// The entry is taken as stored when the text matches: a forged description shows it is used.
TEST(DescriptorCache, AnEntryWhoseTextMatchesIsUsedWithoutParsing) {
  testing::TempDir dir;
  dir.write("bp/buildpack.toml", descriptor_text("1.0.0", "first"));
  const auto file = dir.path() / "descriptors.cbor";
  {
    DescriptorCache cache(file);
    ASSERT_TRUE(cache.read(dir.path() / "bp"));
    cache.save();
  }
  // The file is [writer, [entry...]], an entry [path, size, hash, id, version, kind, api, source,
  // descriptor_file, description, ...] (descriptor_cache.cpp).
  auto document = nlohmann::json::from_cbor(slurp(file));
  ASSERT_EQ(document.at(1).at(0).at(0), (dir.path() / "bp/buildpack.toml").string());
  document[1][0][9] = "from the cache";
  const auto bytes = nlohmann::json::to_cbor(document);
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  DescriptorCache cache(file);
  EXPECT_EQ(cache.read(dir.path() / "bp")->description, "from the cache");
}

// Same size, same second: only the bytes tell the two versions apart, and they do.
TEST(DescriptorCache, AnEditIsSeenAtOnce) {
  testing::TempDir dir;
  dir.write("bp/buildpack.toml", descriptor_text("1.0.0", "first"));
  const auto file = dir.path() / "descriptors.cbor";
  {
    DescriptorCache cache(file);
    ASSERT_TRUE(cache.read(dir.path() / "bp"));
    cache.save();
  }
  dir.write("bp/buildpack.toml", descriptor_text("1.0.1", "first"));
  DescriptorCache cache(file);
  auto read = cache.read(dir.path() / "bp");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->version, "1.0.1");
}

TEST(DescriptorCache, ARefusedDescriptorIsReportedEveryTime) {
  testing::TempDir dir;
  dir.write("bp/buildpack.toml", descriptor_text("1.0.0", "first") + "prot = 1\n");
  const auto file = dir.path() / "descriptors.cbor";
  for (int run = 0; run < 2; ++run) {
    DescriptorCache cache(file);
    auto read = cache.read(dir.path() / "bp");
    ASSERT_FALSE(read);
    EXPECT_THAT(read.error().message, HasSubstr("unknown key 'prot'"));
    cache.save();
  }
  dir.write("bp/buildpack.toml", descriptor_text("1.0.0", "fixed"));
  DescriptorCache cache(file);
  EXPECT_EQ(cache.read(dir.path() / "bp")->description, "fixed");
}

TEST(DescriptorCache, ADamagedFileIsIgnored) {
  testing::TempDir dir;
  dir.write("bp/buildpack.toml", descriptor_text("1.0.0", "first"));
  const auto file = dir.write("descriptors.cbor", "{\"kiln\": 3, \"entries\": [");
  DescriptorCache cache(file);
  auto read = cache.read(dir.path() / "bp");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->description, "first");
  cache.save();
  EXPECT_NO_THROW((void)nlohmann::json::from_cbor(slurp(file)));
}

TEST(DescriptorCache, TheRegistryScansThroughIt) {
  testing::TempDir dir;
  dir.write("plugins/bp/buildpack.toml", descriptor_text("1.0.0", "first"));
  DescriptorCache cache(dir.path() / "descriptors.cbor");
  auto registry = BuildpackRegistry::scan({dir.path() / "plugins"}, {}, &cache);
  ASSERT_EQ(registry.buildpacks().size(), 1u);
  EXPECT_EQ(registry.buildpacks()[0].descriptor.id, "com.example.cached");
}

}  // namespace
}  // namespace kiln
