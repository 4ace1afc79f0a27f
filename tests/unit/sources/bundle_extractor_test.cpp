#include "sources/bundle_extractor.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

struct TarItem {
  std::string name;
  unsigned type = AE_IFREG;
  unsigned perm = 0644;
  std::string data{};
  std::string link{};          // symlink target
  std::string hardlink{};      // hardlink target
  std::uint64_t zeros = 0;     // that many zero bytes after `data`, streamed
};

TarItem dir(std::string name, unsigned perm = 0755) { return {std::move(name), AE_IFDIR, perm}; }
TarItem file(std::string name, std::string data, unsigned perm = 0644) { return {std::move(name), AE_IFREG, perm, std::move(data)}; }
TarItem symlink(std::string name, std::string target) { return {std::move(name), AE_IFLNK, 0777, "", std::move(target)}; }

// Writes a tar (gzipped by default) with libarchive's write API; names go in as given.
void write_tar(const fs::path& path, const std::vector<TarItem>& items, bool gzip = true) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (gzip) archive_write_add_filter_gzip(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const auto& item : items) {
    archive_entry* e = archive_entry_new();
    archive_entry_copy_pathname(e, item.name.c_str());
    archive_entry_set_filetype(e, item.type);
    archive_entry_set_perm(e, item.perm);
    archive_entry_set_mtime(e, 1700000000, 0);
    if (item.type == AE_IFLNK) archive_entry_copy_symlink(e, item.link.c_str());
    if (!item.hardlink.empty()) archive_entry_copy_hardlink(e, item.hardlink.c_str());
    if (item.type == AE_IFCHR) archive_entry_set_rdev(e, makedev(1, 3));
    bool has_data = item.type == AE_IFREG && item.hardlink.empty();
    archive_entry_set_size(e, has_data ? static_cast<la_int64_t>(item.data.size() + item.zeros) : 0);
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    if (has_data) {
      archive_write_data(a, item.data.data(), item.data.size());
      std::string zeros(64 * 1024, '\0');
      for (std::uint64_t left = item.zeros; left > 0;) {
        auto n = std::min<std::uint64_t>(left, zeros.size());
        archive_write_data(a, zeros.data(), n);
        left -= n;
      }
    }
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every path under `base` except those under `skip`, with its kind and size:
// two snapshots that compare equal mean nothing was written around the bundle.
std::map<std::string, std::string> snapshot(const fs::path& base, const fs::path& skip) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(base); it != fs::recursive_directory_iterator(); ++it) {
    auto p = it->path();
    if (p == skip) {
      it.disable_recursion_pending();
      continue;
    }
    std::string kind = it->is_symlink() ? "link" : it->is_directory() ? "dir" : std::to_string(fs::file_size(p));
    out[fs::relative(p, base).string()] = kind;
  }
  return out;
}

class BundleExtractorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_.write("work/sentinel", "keep");
    archive_ = tmp_.path() / "bundle.tar.gz";
    dest_ = tmp_.path() / "work" / "dest";
    absolute_target_ = tmp_.path() / "abs-target";
  }

  // Builds the archive, extracts it, and checks the folder around dest is untouched.
  Result<ExtractedBundle> extract(const std::vector<TarItem>& items, BundleLimits limits = {}, bool gzip = true) {
    write_tar(archive_, items, gzip);
    auto before = snapshot(tmp_.path(), dest_);
    auto result = extract_bundle(archive_, dest_, limits);
    EXPECT_EQ(snapshot(tmp_.path(), dest_), before) << "something was written outside dest";
    EXPECT_FALSE(fs::exists(absolute_target_));
    if (!result.ok()) {
      EXPECT_FALSE(fs::exists(dest_)) << "a failed extraction must remove dest";
    }
    return result;
  }

  void expect_refused(const std::vector<TarItem>& items, const std::string& mentions, BundleLimits limits = {}) {
    auto result = extract(items, limits);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidBundle);
    EXPECT_THAT(result.error().message, HasSubstr(mentions));
  }

  testing::TempDir tmp_;
  fs::path archive_, dest_, absolute_target_;
};

TEST_F(BundleExtractorTest, ExtractsATree) {
  auto result = extract({dir("src"), file("src/app.js", "console.log(1)\n"), file("run.sh", "#!/bin/sh\n", 0755),
                         file("./README.md", "hi\n"), symlink("main.js", "src/app.js"), symlink("src/self", "../src")});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->root, dest_);
  EXPECT_EQ(result->entries, 6u);
  EXPECT_EQ(result->bytes, 15u + 10u + 3u);
  EXPECT_EQ(read_file(dest_ / "src/app.js"), "console.log(1)\n");
  EXPECT_EQ(read_file(dest_ / "main.js"), "console.log(1)\n");
  EXPECT_EQ(fs::status(dest_ / "run.sh").permissions() & fs::perms::owner_exec, fs::perms::owner_exec);
}

TEST_F(BundleExtractorTest, PlainTarWorksToo) {
  auto result = extract({file("index.php", "<?php\n")}, {}, false);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(read_file(dest_ / "index.php"), "<?php\n");
}

TEST_F(BundleExtractorTest, SingleTopFolderBecomesTheRoot) {
  auto result = extract({dir("acme-app-1a2b3c/"), file("acme-app-1a2b3c/package.json", "{}"), file("acme-app-1a2b3c/src/x.js", "")});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->root, dest_ / "acme-app-1a2b3c");
}

TEST_F(BundleExtractorTest, TopFolderBesideAFileIsNotStripped) {
  auto result = extract({file("app/package.json", "{}"), file("README", "")});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->root, dest_);
}

TEST_F(BundleExtractorTest, RefusesDotDot) {
  expect_refused({file("ok.txt", "x"), file("../evil", "pwned")}, "'../evil'");
  EXPECT_FALSE(fs::exists(tmp_.path() / "work" / "evil"));
  expect_refused({file("a/../../evil", "pwned")}, "..");
}

TEST_F(BundleExtractorTest, RefusesAbsoluteNames) {
  expect_refused({file(absolute_target_.string(), "pwned")}, "absolute");
}

TEST_F(BundleExtractorTest, RefusesASymlinkToAnAbsolutePath) {
  expect_refused({symlink("passwd", "/etc/passwd")}, "'passwd'");
}

TEST_F(BundleExtractorTest, RefusesASymlinkOutThenAWriteThroughIt) {
  expect_refused({symlink("a", ".."), file("a/evil", "pwned")}, "'a'");
  EXPECT_FALSE(fs::exists(tmp_.path() / "work" / "evil"));
}

TEST_F(BundleExtractorTest, RefusesASymlinkThatEscapesThroughAnotherSymlink) {
  // Each name looks harmless on paper; on disk x/up is the root, so y is its parent.
  expect_refused({dir("x"), symlink("x/up", ".."), symlink("y", "x/up/../..")}, "'y'");
}

TEST_F(BundleExtractorTest, RefusesWritingThroughAnInnerSymlink) {
  auto result = extract({dir("real"), symlink("alias", "real"), file("alias/file", "x")});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message, HasSubstr("alias/file"));
}

TEST_F(BundleExtractorTest, RefusesHardlinks) {
  expect_refused({file("a", "x"), TarItem{"b", AE_IFREG, 0644, "", "", "a"}}, "hardlink");
}

TEST_F(BundleExtractorTest, RefusesFifosAndDevices) {
  expect_refused({TarItem{"pipe", AE_IFIFO, 0644}}, "'pipe'");
  expect_refused({TarItem{"null", AE_IFCHR, 0666}}, "device");
}

TEST_F(BundleExtractorTest, StopsAGzipBombByBytesWritten) {
  BundleLimits limits;
  limits.max_total_bytes = 10ull << 20;
  TarItem bomb = file("zeros", "");
  bomb.zeros = 50ull << 20;
  write_tar(archive_, {bomb});
  EXPECT_LT(fs::file_size(archive_), 1u << 20);  // 50 MB unpacked from well under 1 MB
  expect_refused({bomb}, "limit", limits);
}

TEST_F(BundleExtractorTest, CountsTheTotalAcrossEntries) {
  BundleLimits limits;
  limits.max_total_bytes = 3ull << 20;
  std::vector<TarItem> items;
  for (int i = 0; i < 5; ++i) {
    TarItem item = file("part" + std::to_string(i), "");
    item.zeros = 1ull << 20;
    items.push_back(item);
  }
  expect_refused(items, "limit", limits);
}

TEST_F(BundleExtractorTest, RefusesAnEntryOverTheLimit) {
  BundleLimits limits;
  limits.max_entry_bytes = 1000;
  expect_refused({file("small", "x"), file("big", std::string(2000, 'b'))}, "'big'", limits);
}

TEST_F(BundleExtractorTest, RefusesTooManyEntries) {
  BundleLimits limits;
  limits.max_entries = 10;
  std::vector<TarItem> items;
  for (int i = 0; i < 11; ++i) items.push_back(file("f" + std::to_string(i), "x"));
  expect_refused(items, "more than 10 entries", limits);
}

TEST_F(BundleExtractorTest, RefusesOverlongNames) {
  expect_refused({file(std::string(5000, 'n'), "x")}, "longer than 4096");
}

TEST_F(BundleExtractorTest, RefusesATruncatedArchive) {
  std::mt19937 random(42);
  std::string noise(1 << 20, '\0');
  for (auto& c : noise) c = static_cast<char>(random());
  write_tar(archive_, {file("a", "x"), file("noise.bin", noise)});
  auto full = read_file(archive_);
  std::ofstream(archive_, std::ios::binary | std::ios::trunc) << full.substr(0, full.size() / 2);
  auto result = extract_bundle(archive_, dest_, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::InvalidBundle);
  EXPECT_THAT(result.error().message, HasSubstr("truncated"));
  EXPECT_FALSE(fs::exists(dest_));
}

TEST_F(BundleExtractorTest, RefusesSomethingThatIsNotAnArchive) {
  tmp_.write("bundle.tar.gz", "this is not a tarball, just text\n");
  auto result = extract_bundle(archive_, dest_, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::InvalidBundle);
  EXPECT_FALSE(fs::exists(dest_));
}

TEST_F(BundleExtractorTest, RefusesAnEmptyArchive) {
  expect_refused({}, "no files");
}

TEST_F(BundleExtractorTest, StripsSetuidSetgidAndSticky) {
  auto result = extract({dir("shared", 03775), file("shared/tool", "#!/bin/sh\n", 04755), file("g", "", 02755)});
  ASSERT_TRUE(result.ok()) << result.error().message;
  struct stat st {};
  ASSERT_EQ(::stat((dest_ / "shared/tool").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  ASSERT_EQ(::stat((dest_ / "g").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  ASSERT_EQ(::stat((dest_ / "shared").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0775u);
}

TEST_F(BundleExtractorTest, RefusesANonEmptyDestinationAndKeepsIt) {
  tmp_.write("work/dest/mine", "keep");
  write_tar(archive_, {file("a", "x")});
  auto result = extract_bundle(archive_, dest_, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(read_file(dest_ / "mine"), "keep");
}

TEST_F(BundleExtractorTest, DoesNotChangeTheProcessWorkingFolder) {
  auto before = fs::current_path();
  auto result = extract({file("a", "x")});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(fs::current_path(), before);
}

}  // namespace
}  // namespace kiln
