#pragma once
// A watched repository that describes several apps itself ([[apps]] in the
// kiln.toml at the watched app's context, see core/repo_apps_manifest.hpp):
// what each sub-app is as a build target, and which of them a new head must
// rebuild. All of it is decided from the server's bare mirror of the
// repository (git ls-tree, cat-file, diff), never from a clone.
//
// A sub-app is deployed, retained and listed as "<watched app>/<sub-app>".
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/repo_apps_manifest.hpp"
#include "service/build_submission.hpp"
#include "service/server_config.hpp"
#include "service/watched_app.hpp"
#include "sources/git_mirror.hpp"

namespace kiln::service {

// "shop" + "web" -> "shop/web": the deployment's app name.
std::string sub_app_name(const std::string& watched, const std::string& sub);

// What a deployment builds: a watched app, or one of the sub-apps its repository lists.
struct DeployTarget {
  WatchedApp app;                // for a sub-app: named "<watched>/<sub>", its context the sub-app's folder
  std::optional<RepoApp> sub;    // the manifest entry, when a sub-app
};
DeployTarget sub_app_target(const WatchedApp& watched, const RepoApp& sub);
BuildSubmission target_submission(const DeployTarget& target, const std::string& commit, const std::string& image);

// The server's mirror of a watched app's repository, opened (and locked) for reads.
class WatchedRepo {
 public:
  static Result<std::unique_ptr<WatchedRepo>> open(const ServerConfig& config, const WatchedApp& app);
  Status fetch() { return mirror_->fetch(false); }
  GitMirror& mirror() { return *mirror_; }

 private:
  explicit WatchedRepo(const ServerConfig& config);
  FetchOptions options_;
  std::optional<GitSession> session_;
  std::optional<GitMirror> mirror_;
};

// The manifest's path in the repository: "<context>/kiln.toml".
std::string manifest_path(const WatchedApp& app);

// The [[apps]] of the manifest at `commit` (empty: a one-app repository). Each sub-app's folder must
// be a folder of that commit, reached through no symbolic link: anything else is an invalid_config
// error naming the entry, and nothing of the manifest is built.
Result<std::vector<RepoApp>> repo_apps_at(GitMirror& mirror, const WatchedApp& app, const std::string& commit);

// Whether `sub` must be built at `head`, given the commit it was last deployed at (none: never).
// Yes when never deployed, when the manifest changed, or when a file under its path changed; a
// last commit the mirror lacks (a force push) rebuilds.
Result<bool> sub_app_changed(GitMirror& mirror, const WatchedApp& app, const RepoApp& sub,
                             const std::optional<std::string>& last_commit, const std::string& head);

}  // namespace kiln::service
