#include "service/repo_apps.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/support/temp_dir.hpp"
#include "unit/support/test_git.hpp"

namespace kiln::service {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using kiln::testing::git;

constexpr const char* kTwoApps = R"([[apps]]
name = "web"
path = "web"

[[apps]]
name = "api"
path = "services/api"
keep = 2
)";

// A repository with two [[apps]], its mirror in the server's data dir, decided from the mirror alone.
class RepoAppsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = tmp_.path() / "repo";
    fs::create_directories(repo_);
    git(repo_, {"init", "--quiet", "-b", "main"});
    tmp_.write("repo/kiln.toml", kTwoApps);
    tmp_.write("repo/web/index.html", "1");
    tmp_.write("repo/services/api/main.py", "1");
    first_ = commit("one");
    config_.data_dir = tmp_.path() / "data";
    config_.allow_file_git_urls = true;
    app_.name = "mono";
    app_.repo = "file://" + repo_.string();
  }
  std::string commit(const std::string& message) {
    git(repo_, {"add", "-A"});
    git(repo_, {"commit", "--quiet", "-m", message});
    return git(repo_, {"rev-parse", "HEAD"});
  }
  std::unique_ptr<WatchedRepo> fetched() {
    auto repo = WatchedRepo::open(config_, app_);
    if (!repo) throw std::runtime_error(repo.error().message);
    if (auto ok = (*repo)->fetch(); !ok) throw std::runtime_error(ok.error().message);
    return std::move(*repo);
  }

  kiln::testing::TempDir tmp_;
  fs::path repo_;
  std::string first_;
  ServerConfig config_;
  WatchedApp app_;
};

TEST_F(RepoAppsTest, ReadsTheManifestFromTheMirror) {
  auto repo = fetched();
  auto subs = repo_apps_at(repo->mirror(), app_, first_);
  ASSERT_TRUE(subs.ok()) << subs.error().message;
  ASSERT_EQ(subs->size(), 2u);
  auto target = sub_app_target(app_, (*subs)[1]);
  EXPECT_EQ(target.app.name, "mono/api");
  EXPECT_EQ(target.app.context, "services/api");
  EXPECT_EQ(target.app.keep, 2);
  auto submission = target_submission(target, first_, "mono/api:1");
  EXPECT_EQ(submission.source.git.subdir, "services/api");
  EXPECT_EQ(submission.labels.at("dev.kiln.app"), "mono/api");
}

TEST_F(RepoAppsTest, OnlyTheAppWhoseFilesChangedIsRebuilt) {
  tmp_.write("repo/web/index.html", "2");
  auto second = commit("web only");
  auto repo = fetched();
  auto subs = repo_apps_at(repo->mirror(), app_, second);
  ASSERT_TRUE(subs.ok()) << subs.error().message;
  auto web = sub_app_changed(repo->mirror(), app_, (*subs)[0], first_, second);
  auto api = sub_app_changed(repo->mirror(), app_, (*subs)[1], first_, second);
  ASSERT_TRUE(web.ok() && api.ok());
  EXPECT_TRUE(*web);
  EXPECT_FALSE(*api);
  EXPECT_FALSE(*sub_app_changed(repo->mirror(), app_, (*subs)[0], second, second));
  EXPECT_TRUE(*sub_app_changed(repo->mirror(), app_, (*subs)[1], std::nullopt, second));  // never deployed
  // A last commit the mirror lacks (history rewritten): rebuilt.
  EXPECT_TRUE(*sub_app_changed(repo->mirror(), app_, (*subs)[1], std::string(40, 'e'), second));
}

TEST_F(RepoAppsTest, AManifestChangeRebuildsEveryApp) {
  tmp_.write("repo/kiln.toml", std::string(kTwoApps) + "# a comment\n");
  auto second = commit("manifest");
  auto repo = fetched();
  auto subs = repo_apps_at(repo->mirror(), app_, second);
  ASSERT_TRUE(subs.ok()) << subs.error().message;
  for (const auto& sub : *subs) EXPECT_TRUE(*sub_app_changed(repo->mirror(), app_, sub, first_, second)) << sub.name;
}

TEST_F(RepoAppsTest, AFolderThatIsASymlinkIsRefused) {
  fs::create_directory_symlink("/etc", repo_ / "outside");
  tmp_.write("repo/kiln.toml", "[[apps]]\nname = \"out\"\npath = \"outside\"\n");
  auto second = commit("symlink out");
  auto repo = fetched();
  auto subs = repo_apps_at(repo->mirror(), app_, second);
  ASSERT_FALSE(subs.ok());
  EXPECT_EQ(subs.error().code, ErrorCode::InvalidConfig);
  EXPECT_THAT(subs.error().message, HasSubstr("'outside' is a symbolic link"));
}

TEST_F(RepoAppsTest, AMissingFolderIsRefused) {
  tmp_.write("repo/kiln.toml", "[[apps]]\nname = \"gone\"\npath = \"nowhere/app\"\n");
  auto second = commit("missing");
  auto repo = fetched();
  auto subs = repo_apps_at(repo->mirror(), app_, second);
  ASSERT_FALSE(subs.ok());
  EXPECT_THAT(subs.error().message, HasSubstr("'nowhere' does not exist"));
}

TEST_F(RepoAppsTest, ARepositoryWithoutAppsIsOneApp) {
  fs::remove(repo_ / "kiln.toml");
  auto second = commit("no manifest");
  auto repo = fetched();
  auto subs = repo_apps_at(repo->mirror(), app_, second);
  ASSERT_TRUE(subs.ok()) << subs.error().message;
  EXPECT_TRUE(subs->empty());
}

}  // namespace
}  // namespace kiln::service
