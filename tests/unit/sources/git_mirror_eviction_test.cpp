#include "sources/git_mirror_eviction.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

class MirrorEvictionTest : public ::testing::Test {
 protected:
  // A mirror of `bytes` bytes last used `age` before now_.
  void mirror(const std::string& key, std::int64_t bytes, std::chrono::seconds age) {
    tmp_.write("cache/" + key + ".git/HEAD", "ref: refs/heads/main\n");
    tmp_.write("cache/" + key + ".git/objects/pack/p.pack", std::string(static_cast<std::size_t>(bytes), 'x'));
    auto lock = tmp_.write("cache/" + key + ".lock", "");
    fs::last_write_time(lock, now_ - age);
  }
  bool exists(const std::string& key) const { return fs::exists(root() / (key + ".git")); }
  fs::path root() const { return tmp_.path() / "cache"; }

  kiln::testing::TempDir tmp_;
  fs::file_time_type now_ = fs::file_time_type::clock::now();
};

TEST_F(MirrorEvictionTest, UnderItsBoundsNothingIsRemoved) {
  mirror("a", 1000, 1h);
  mirror("b", 1000, 2h);
  auto outcome = evict_git_mirrors(root(), {10000, 24h}, now_);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_THAT(outcome->removed, IsEmpty());
  EXPECT_GE(outcome->bytes_after, 2000);
  EXPECT_TRUE(exists("a") && exists("b"));
}

TEST_F(MirrorEvictionTest, OverTheSizeTheLeastRecentlyUsedGoFirst) {
  mirror("newest", 4000, 1h);
  mirror("oldest", 4000, 5h);
  mirror("middle", 4000, 3h);
  auto outcome = evict_git_mirrors(root(), {9000, 24h * 30}, now_);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_THAT(outcome->removed, ElementsAre("oldest.git"));
  EXPECT_FALSE(exists("oldest"));
  EXPECT_TRUE(exists("middle") && exists("newest"));
  EXPECT_LE(outcome->bytes_after, 9000);
  // The lock file stays: a build waiting on it still shares one lock with the next.
  EXPECT_TRUE(fs::exists(root() / "oldest.lock"));
}

TEST_F(MirrorEvictionTest, MirrorsUnusedForTooLongGoWhateverTheirSize) {
  mirror("recent", 10, 1h);
  mirror("stale", 10, 24h * 40);
  auto outcome = evict_git_mirrors(root(), {1 << 30, 24h * 30}, now_);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_THAT(outcome->removed, ElementsAre("stale.git"));
  EXPECT_TRUE(exists("recent"));
}

TEST_F(MirrorEvictionTest, AMirrorInUseIsNeverRemoved) {
  mirror("busy", 4000, 24h * 40);
  mirror("idle", 4000, 24h * 35);
  // A build holds busy's lock, as GitMirror::open does.
  int fd = ::open((root() / "busy.lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  auto outcome = evict_git_mirrors(root(), {0, 24h}, now_);
  ::close(fd);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_THAT(outcome->removed, ElementsAre("idle.git"));
  EXPECT_THAT(outcome->kept_in_use, ElementsAre("busy.git"));
  EXPECT_TRUE(exists("busy"));
}

TEST_F(MirrorEvictionTest, OnlyMirrorsWithTheirLockFileAreTouched) {
  tmp_.write("cache/stranger.git/HEAD", "x");  // no lock file: not one of kiln's
  tmp_.write("cache/notes.txt", "keep me");
  auto outcome = evict_git_mirrors(root(), {0, 0s}, now_);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_THAT(outcome->removed, IsEmpty());
  EXPECT_TRUE(fs::exists(root() / "stranger.git/HEAD") && fs::exists(root() / "notes.txt"));
}

TEST_F(MirrorEvictionTest, AMissingCacheIsEmpty) {
  auto outcome = evict_git_mirrors(tmp_.path() / "none", {}, now_);
  ASSERT_TRUE(outcome.ok());
  EXPECT_THAT(outcome->removed, IsEmpty());
}

}  // namespace
}  // namespace kiln
