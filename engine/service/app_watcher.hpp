#pragma once
// The GitOps watcher of kiln serve: one thread that asks each watched app's
// remote for its branch head (`git ls-remote`, no clone when nothing changed)
// every `interval`, or at once when a webhook or POST /apps/{name}/sync says
// so, and submits one build for each new head through the build service.
// What was built is in the deployment store, so a restart neither builds a
// commit twice nor misses one pushed while the server was down. A repository
// whose kiln.toml lists [[apps]] is one deployment per sub-app ("shop/web"),
// and a new head rebuilds only the sub-apps it changed (repo_apps.hpp).
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "service/build_service.hpp"
#include "service/deployment_store.hpp"
#include "service/repo_apps.hpp"
#include "service/server_log.hpp"
#include "service/watched_app.hpp"

namespace kiln::service {

// What the watcher last saw of an app, for GET /apps.
struct WatchState {
  std::string head;                  // the branch head ls-remote last answered
  std::int64_t checked_at_ms = 0;    // 0: not yet
  std::string error;                 // the last check's failure, if it failed
};

class AppWatcher {
 public:
  AppWatcher(const ServerConfig& config, BuildService& builds, DeploymentStore& deployments, ServerLog& log);
  ~AppWatcher();

  // Submits the claims a stopped server left without their build, then starts polling.
  Status start();
  void stop();

  const std::vector<WatchedApp>& apps() const { return apps_; }
  DeploymentStore& deployments() { return deployments_; }
  const WatchedApp* find(const std::string& name) const;
  WatchState state(const std::string& name) const;

  // Asks for a check of the app as soon as the thread is free (webhooks): returns at once.
  void trigger(const std::string& name);
  // Checks the app now, on the caller's thread: the deployments it started (one per sub-app that
  // changed), none when its head was dealt with already. Errors: not_found, fetch_failed (ls-remote,
  // fetch), invalid_config (the repository's [[apps]]), the build service's.
  Result<std::vector<Deployment>> check_now(const std::string& name, const std::string& trigger);
  // The sub-apps the app's repository listed at the head last checked (none: a one-app repository).
  std::vector<RepoApp> sub_apps(const std::string& name) const;

 private:
  void loop();
  Result<std::string> remote_head(const WatchedApp& app) const;
  // Decides what `head` must build: the app itself, or the sub-apps its [[apps]] changed.
  Result<std::vector<Deployment>> deploy_head(const WatchedApp& app, const std::string& head, const std::string& trigger);
  Result<std::optional<Deployment>> deploy(const DeployTarget& target, const std::string& commit, const std::string& trigger);
  Status submit(const DeployTarget& target, const Deployment& deployment);
  // The target a stored deployment builds: a watched app, or a sub-app as its manifest was at that commit.
  Result<std::optional<DeployTarget>> target_of(const Deployment& deployment);
  // Submits every claim that has no build (a server stopped in between, a full queue).
  Status submit_claimed();
  void follow_builds();
  // Retention: the app's images beyond its newest `keep` leave the engine.
  void keep_newest_images(const WatchedApp& app);

  const ServerConfig& config_;
  BuildService& builds_;
  DeploymentStore& deployments_;
  ServerLog& log_;
  std::vector<WatchedApp> apps_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, WatchState> states_;
  std::map<std::string, std::chrono::steady_clock::time_point> due_;
  std::map<std::string, std::vector<RepoApp>> sub_apps_;  // under mutex_
  std::mutex check_mutex_;  // one check at a time: the thread's and a sync's never race for one head
  // Under check_mutex_: the head each app's repository was last looked into, and what that said.
  struct Looked {
    std::string head;
    std::string error;
  };
  std::map<std::string, Looked> looked_;
  bool stopping_ = false;
  std::thread thread_;
};

// The label on a watched app's images: retention finds them by it.
inline constexpr const char* kAppLabel = "dev.kiln.app";

// A submission that builds `commit` of the app from its repository, tagged `image`.
BuildSubmission watched_app_submission(const WatchedApp& app, const std::string& commit, const std::string& image);

}  // namespace kiln::service
