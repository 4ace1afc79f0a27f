#include "http/unpacked_bundles.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "unit/support/temp_dir.hpp"

namespace kiln::http {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  testing::TempDir dir;
  fs::path bundle;
  MaterializeOptions options;
  Fixture() {
    dir.write("app/package.json", "{}");
    dir.write("app/web/index.html", "<p>");
    bundle = dir.path() / "app.tgz";
    const auto command = "tar -C '" + (dir.path() / "app").string() + "' -czf '" + bundle.string() + "' .";
    EXPECT_EQ(std::system(command.c_str()), 0);
    options.uploaded_bundle = [this](const std::string&) -> Result<fs::path> { return bundle; };
  }
  SourceSpec spec(const std::string& subdir = "") const {
    SourceSpec s;
    s.kind = SourceSpec::Kind::UploadedBundle;
    s.bundle_id = "0123";
    s.subdir = subdir;
    return s;
  }
};

TEST(UnpackedBundles, ABundleIsUnpackedOnceAndKept) {
  Fixture f;
  UnpackedBundles bundles(f.dir.path() / "cache", 2);
  auto first = bundles.get(f.spec(), f.options);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(fs::exists((*first)->source.root / "package.json"));
  EXPECT_EQ((*first)->source.revision, "sha256:0123");
  auto again = bundles.get(f.spec(), f.options);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get(), first->get());
  auto web = bundles.get(f.spec("web"), f.options);
  ASSERT_TRUE(web);
  EXPECT_NE(web->get(), first->get());
  EXPECT_TRUE(fs::exists((*web)->source.root / "index.html"));
}

TEST(UnpackedBundles, AnEvictedTreeIsRemovedWhenNoOneReadsIt) {
  Fixture f;
  UnpackedBundles bundles(f.dir.path() / "cache", 1);
  auto first = bundles.get(f.spec(), f.options);
  ASSERT_TRUE(first);
  const auto folder = (*first)->folder;
  ASSERT_TRUE(bundles.get(f.spec("web"), f.options));  // evicts the first
  EXPECT_TRUE(fs::exists(folder)) << "still read by `first`";
  first->reset();
  EXPECT_FALSE(fs::exists(folder));
}

TEST(UnpackedBundles, AFailureIsNotKept) {
  Fixture f;
  UnpackedBundles bundles(f.dir.path() / "cache", 4);
  auto missing = bundles.get(f.spec("nope"), f.options);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::InvalidSource);
  std::size_t left = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(f.dir.path() / "cache")) ++left;
  EXPECT_EQ(left, 0u);
}

}  // namespace
}  // namespace kiln::http
