#pragma once
// The GitOps watcher of kiln serve: one thread that asks each watched app's
// remote for its branch head (`git ls-remote`, no clone when nothing changed)
// every `interval`, or at once when a webhook or POST /apps/{name}/sync says
// so, and submits one build for each new head through the build service.
// What was built is in the deployment store, so a restart neither builds a
// commit twice nor misses one pushed while the server was down.
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
  // Checks the app now, on the caller's thread: the deployment it started, or nothing when its
  // head was built already. Errors: not_found, fetch_failed (ls-remote), the build service's.
  Result<std::optional<Deployment>> check_now(const std::string& name, const std::string& trigger);

 private:
  void loop();
  Result<std::string> remote_head(const WatchedApp& app) const;
  Result<std::optional<Deployment>> deploy(const WatchedApp& app, const std::string& commit, const std::string& trigger);
  Status submit(const WatchedApp& app, const Deployment& deployment);
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
  std::mutex check_mutex_;  // one check at a time: the thread's and a sync's never race for one head
  bool stopping_ = false;
  std::thread thread_;
};

// The label on a watched app's images: retention finds them by it.
inline constexpr const char* kAppLabel = "dev.kiln.app";

// A submission that builds `commit` of the app from its repository, tagged `image`.
BuildSubmission watched_app_submission(const WatchedApp& app, const std::string& commit, const std::string& image);

}  // namespace kiln::service
