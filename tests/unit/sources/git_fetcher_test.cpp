#include "sources/git_fetcher.hpp"
#include "sources/git_mirror.hpp"

#include <httplib.h>

#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <boost/process.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/sources/loopback.hpp"
#include "unit/support/temp_dir.hpp"
#include "unit/support/test_git.hpp"

namespace kiln {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using kiln::testing::git;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One repository per test: three commits on main (tag v1 on the second), a
// "feature" branch, an app folder and a symlink that points out of the repo.
class GitFetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = tmp_.path() / "repos" / "app";
    fs::create_directories(repo_);
    git(repo_, {"init", "--quiet", "-b", "main"});
    tmp_.write("repos/app/VERSION", "1\n");
    git(repo_, {"add", "-A"});
    git(repo_, {"commit", "--quiet", "-m", "one"});
    first_ = git(repo_, {"rev-parse", "HEAD"});

    tmp_.write("repos/app/VERSION", "2\n");
    tmp_.write("repos/app/services/api/package.json", "{}\n");
    fs::create_symlink("/etc", repo_ / "escape");
    fs::create_symlink("services/api", repo_ / "api-link");
    git(repo_, {"add", "-A"});
    git(repo_, {"commit", "--quiet", "-m", "two"});
    second_ = git(repo_, {"rev-parse", "HEAD"});
    git(repo_, {"tag", "v1"});

    git(repo_, {"checkout", "--quiet", "-b", "feature"});
    tmp_.write("repos/app/FEATURE", "yes\n");
    git(repo_, {"add", "-A"});
    git(repo_, {"commit", "--quiet", "-m", "feature"});
    git(repo_, {"checkout", "--quiet", "main"});

    tmp_.write("repos/app/VERSION", "3\n");
    git(repo_, {"commit", "--quiet", "-am", "three"});
    tip_ = git(repo_, {"rev-parse", "HEAD"});

    options_.policy.allow_file_urls = true;
    options_.timeout = std::chrono::seconds(60);
    options_.log = [this](const std::string& line) { log_.push_back(line); };
  }

  std::string file_url() const { return "file://" + repo_.string(); }
  fs::path dest() const { return tmp_.path() / "checkout"; }
  Result<FetchedSource> fetch(std::string ref, std::string commit = "", std::string subdir = "") {
    return fetch_git({file_url(), std::move(ref), std::move(commit), std::move(subdir)}, dest(), options_);
  }

  testing::TempDir tmp_;
  fs::path repo_;
  std::string first_, second_, tip_;
  FetchOptions options_;
  std::vector<std::string> log_;
};

TEST_F(GitFetcherTest, ChecksOutTheDefaultBranchWithoutGitMetadata) {
  auto fetched = fetch("");
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->root, fs::canonical(dest()));
  EXPECT_EQ(fetched->commit, tip_);
  EXPECT_EQ(read_file(dest() / "VERSION"), "3\n");
  EXPECT_FALSE(fs::exists(dest() / ".git"));  // the files of one commit, nothing of the repository
  EXPECT_TRUE(fs::is_symlink(dest() / "escape"));  // kept as a symlink, never followed
  EXPECT_FALSE(log_.empty());
}

TEST_F(GitFetcherTest, ClonesABranch) {
  auto fetched = fetch("feature");
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(read_file(dest() / "FEATURE"), "yes\n");
  EXPECT_EQ(read_file(dest() / "VERSION"), "2\n");
}

TEST_F(GitFetcherTest, ClonesATag) {
  auto fetched = fetch("v1");
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->commit, second_);
  EXPECT_EQ(read_file(dest() / "VERSION"), "2\n");
  EXPECT_FALSE(fs::exists(dest() / "FEATURE"));
}

TEST_F(GitFetcherTest, ChecksOutACommitThatIsNotTheTip) {
  auto fetched = fetch("", first_);
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->commit, first_);
  EXPECT_EQ(read_file(dest() / "VERSION"), "1\n");
  EXPECT_FALSE(fs::exists(dest() / "services"));
}

TEST_F(GitFetcherTest, ChecksOutAnAbbreviatedCommitAfterAFullFetch) {
  auto fetched = fetch("", second_.substr(0, 10));
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->commit, second_);
  EXPECT_EQ(read_file(dest() / "VERSION"), "2\n");
}

TEST_F(GitFetcherTest, UnknownCommitFailsNamingItAndLeavesNothing) {
  std::string missing(40, 'e');
  auto fetched = fetch("", missing);
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::FetchFailed);
  EXPECT_THAT(fetched.error().message, HasSubstr(missing));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(GitFetcherTest, ResolvesASubdir) {
  auto fetched = fetch("main", "", "./services/api/");
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->root, fs::canonical(dest() / "services" / "api"));
  EXPECT_TRUE(fs::exists(fetched->root / "package.json"));
}

TEST_F(GitFetcherTest, SubdirThroughASymlinkInsideTheRepoIsAllowed) {
  auto fetched = fetch("main", "", "api-link");
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->root, fs::canonical(dest() / "services" / "api"));
}

TEST_F(GitFetcherTest, MissingSubdirIsAnInvalidSource) {
  auto fetched = fetch("main", "", "services/web");
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::InvalidSource);
  EXPECT_THAT(fetched.error().message, AllOf(HasSubstr("subdir"), HasSubstr("services/web")));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(GitFetcherTest, SubdirSymlinkLeadingOutsideIsRefused) {
  auto fetched = fetch("main", "", "escape");
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::InvalidSource);
  EXPECT_THAT(fetched.error().message, HasSubstr("outside"));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(GitFetcherTest, AMirrorIsReusedAndFetchesOnlyWhenItMust) {
  options_.mirror_root = tmp_.path() / "mirrors";
  ASSERT_TRUE(fetch("").ok());
  EXPECT_THAT(log_, Contains(HasSubstr("creating the git mirror")));
  ASSERT_EQ(std::distance(fs::directory_iterator(options_.mirror_root), fs::directory_iterator()), 2);  // NAME.git, NAME.lock

  // A new commit upstream: the same mirror, fetched into.
  tmp_.write("repos/app/VERSION", "4\n");
  git(repo_, {"commit", "--quiet", "-am", "four"});
  auto four = git(repo_, {"rev-parse", "HEAD"});
  log_.clear();
  auto again = fetch_git({file_url() + "/", "", "", ""}, tmp_.path() / "again", options_);  // the same repository
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->commit, four);
  EXPECT_THAT(log_, Not(Contains(HasSubstr("creating the git mirror"))));
  EXPECT_THAT(log_, Contains(HasSubstr("into its mirror")));

  // A commit the mirror holds needs no fetch at all.
  log_.clear();
  auto pinned = fetch_git({file_url(), "", first_, ""}, tmp_.path() / "pinned", options_);
  ASSERT_TRUE(pinned.ok()) << pinned.error().message;
  EXPECT_EQ(read_file(tmp_.path() / "pinned" / "VERSION"), "1\n");
  EXPECT_THAT(log_, Not(Contains(HasSubstr("into its mirror"))));
}

TEST_F(GitFetcherTest, ConcurrentFetchesOfOneRepositoryShareItsMirrorSafely) {
  options_.mirror_root = tmp_.path() / "mirrors";
  options_.log = {};
  std::vector<Result<FetchedSource>> results(4, Error{ErrorCode::InternalError, "not run"});
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i)
    threads.emplace_back([&, i] {
      results[i] = fetch_git({file_url(), i % 2 ? "feature" : "main", "", ""}, tmp_.path() / ("c" + std::to_string(i)), options_);
    });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].error().message;
    EXPECT_EQ(fs::exists(tmp_.path() / ("c" + std::to_string(i)) / "FEATURE"), i % 2 == 1);
  }
}

TEST_F(GitFetcherTest, SameRepositoryUnderAnotherSpellingIsOneMirror) {
  EXPECT_EQ(git_mirror_key("https://Git.Example.com/Team/App.git"), git_mirror_key("https://user:tok@git.example.com/Team/App/"));
  EXPECT_NE(git_mirror_key("https://git.example.com/Team/App"), git_mirror_key("https://git.example.com/team/app"));
  EXPECT_EQ(git_mirror_key("git@host.example:team/app.git"), git_mirror_key("ssh://host.example/team/app"));
}

TEST_F(GitFetcherTest, LsRemoteListsBranchesAndTagsWithoutFetching) {
  git(repo_, {"tag", "-a", "-m", "annotated", "v2", first_});
  auto refs = git_ls_remote(file_url(), options_);
  ASSERT_TRUE(refs.ok()) << refs.error().message;
  auto commit_of = [&](const std::string& name) {
    for (const auto& ref : *refs)
      if (ref.name == name) return ref.commit;
    return std::string();
  };
  EXPECT_EQ(commit_of("refs/heads/main"), tip_);
  EXPECT_EQ(commit_of("refs/tags/v1"), second_);
  EXPECT_EQ(commit_of("refs/tags/v2"), first_);  // the commit, not the tag object
  EXPECT_FALSE(commit_of("refs/heads/feature").empty());
  auto refused = git_ls_remote("--upload-pack=x", options_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidSource);
}

TEST_F(GitFetcherTest, UnknownRefFailsNamingIt) {
  auto fetched = fetch("no-such-branch");
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::FetchFailed);
  EXPECT_THAT(fetched.error().message, HasSubstr("no-such-branch"));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(GitFetcherTest, FileUrlsNeedThePolicy) {
  options_.policy.allow_file_urls = false;
  auto fetched = fetch("");
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::InvalidSource);
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(GitFetcherTest, InjectedOptionNeverReachesGit) {
  auto marker = tmp_.path() / "pwned";
  auto fetched = fetch_git({"--upload-pack=touch " + marker.string(), "", "", ""}, dest(), options_);
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::InvalidSource);
  auto ext = fetch_git({"ext::sh -c touch% " + marker.string(), "", "", ""}, dest(), options_);
  ASSERT_FALSE(ext.ok());
  EXPECT_FALSE(fs::exists(marker));
}

TEST_F(GitFetcherTest, RefusesANonEmptyDestination) {
  tmp_.write("checkout/keep", "mine");
  auto fetched = fetch("");
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(read_file(dest() / "keep"), "mine");
}

// git daemon on 127.0.0.1, serving the test's repositories over git://.
class GitDaemon {
 public:
  explicit GitDaemon(const fs::path& base) : port_(testing::free_loopback_port()) {
    process_ = bp::child(bp::search_path("git"),
                         bp::args({"daemon", "--export-all", "--base-path=" + base.string(), "--listen=127.0.0.1",
                                   "--port=" + std::to_string(port_), "--reuseaddr", "--informative-errors", base.string()}),
                         bp::std_out > bp::null, bp::std_err > bp::null, bp::std_in < bp::null, group_);
  }
  ~GitDaemon() {
    std::error_code ignored;
    group_.terminate(ignored);
    process_.wait(ignored);
  }
  int port() const { return port_; }

 private:
  int port_;
  bp::group group_;
  bp::child process_;
};

TEST_F(GitFetcherTest, ClonesFromGitDaemon) {
  GitDaemon daemon(tmp_.path() / "repos");
  ASSERT_TRUE(testing::wait_for_port(daemon.port(), std::chrono::seconds(10)));
  options_.policy.allow_file_urls = false;
  std::string url = "git://127.0.0.1:" + std::to_string(daemon.port()) + "/app";
  auto fetched = fetch_git({url, "v1", "", "services/api"}, dest(), options_);
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->commit, second_);
  EXPECT_TRUE(fs::exists(fetched->root / "package.json"));

  auto by_commit = fetch_git({url, "", first_, ""}, tmp_.path() / "by-commit", options_);
  ASSERT_TRUE(by_commit.ok()) << by_commit.error().message;
  EXPECT_EQ(by_commit->commit, first_);
}

TEST_F(GitFetcherTest, CancelKillsAHangingFetch) {
  testing::SilentListener server;
  std::atomic<bool> cancelled{false};
  options_.cancelled = &cancelled;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    cancelled = true;
  });
  auto started = std::chrono::steady_clock::now();
  auto fetched = fetch_git({"git://127.0.0.1:" + std::to_string(server.port()) + "/app", "", "", ""}, dest(), options_);
  auto elapsed = std::chrono::steady_clock::now() - started;
  canceller.join();
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::Cancelled);
  EXPECT_LT(elapsed, std::chrono::seconds(10));
  EXPECT_TRUE(server.next_connection_closed_within(std::chrono::seconds(5)));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(GitFetcherTest, TimeoutKillsGitAndItsHelpers) {
  // Over http git hands the transfer to a git-remote-http child: the whole
  // process group must go, or the connection would stay open.
  testing::SilentListener server;
  options_.timeout = std::chrono::seconds(1);
  auto started = std::chrono::steady_clock::now();
  auto fetched = fetch_git({"http://127.0.0.1:" + std::to_string(server.port()) + "/app.git", "", "", ""}, dest(), options_);
  auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::TimedOut);
  EXPECT_LT(elapsed, std::chrono::seconds(8));
  EXPECT_TRUE(server.next_connection_closed_within(std::chrono::seconds(5)));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(GitFetcherTest, CredentialsNeverReachLogsOrErrors) {
  httplib::Server server;
  server.Get(".*", [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  testing::wait_until_running(server);
  auto fetched = fetch_git({"http://deploy:s3cr3t-token@127.0.0.1:" + std::to_string(port) + "/app.git", "", "", ""},
                           dest(), options_);
  server.stop();
  serving.join();
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::FetchFailed);
  EXPECT_THAT(fetched.error().message, Not(HasSubstr("s3cr3t")));
  for (const auto& line : log_) EXPECT_THAT(line, Not(HasSubstr("s3cr3t")));
  EXPECT_FALSE(log_.empty());
}

TEST_F(GitFetcherTest, TokenIsSentAsAHeaderAndNeverShown) {
  // A smart-http server that wants a token: it records what git sends and refuses.
  httplib::Server server;
  std::mutex seen_lock;
  std::vector<std::string> authorizations;
  server.Get(".*", [&](const httplib::Request& request, httplib::Response& response) {
    std::lock_guard lock(seen_lock);
    authorizations.push_back(request.get_header_value("Authorization"));
    response.status = 403;
    response.set_content("token s3cr3t-token refused", "text/plain");  // a server that echoes it
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  testing::wait_until_running(server);
  GitCredential rule;
  rule.host = "127.0.0.1";
  rule.token = "s3cr3t-token";
  options_.credentials = {rule};
  auto fetched = fetch_git({"http://127.0.0.1:" + std::to_string(port) + "/app.git", "", "", ""}, dest(), options_);
  server.stop();
  serving.join();
  ASSERT_FALSE(fetched.ok());
  ASSERT_FALSE(authorizations.empty());
  EXPECT_EQ(authorizations.front(), "Basic eC1hY2Nlc3MtdG9rZW46czNjcjN0LXRva2Vu");
  for (const auto& line : log_) EXPECT_THAT(line, Not(HasSubstr("eC1hY2Nlc3MtdG9rZW46")));
}

TEST_F(GitFetcherTest, CommitOverDumbHttpComesWithTheBranches) {
  // git's "dumb" http protocol (plain files, as any static web server serves a
  // bare repository) cannot fetch by commit id: the mirror's fetch of every
  // branch and tag brings it.
  auto bare = tmp_.path() / "static" / "app.git";
  git(tmp_.path(), {"clone", "--quiet", "--bare", repo_.string(), bare.string()});
  git(bare, {"update-server-info"});
  httplib::Server server;
  server.set_mount_point("/", (tmp_.path() / "static").string());
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  testing::wait_until_running(server);
  auto fetched = fetch_git({"http://127.0.0.1:" + std::to_string(port) + "/app.git", "", first_, ""}, dest(), options_);
  server.stop();
  serving.join();
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->commit, first_);
  EXPECT_EQ(read_file(dest() / "VERSION"), "1\n");
}

}  // namespace
}  // namespace kiln
