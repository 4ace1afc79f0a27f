#pragma once
// The build service: accepts builds into a bounded queue, runs at most
// max_concurrent_builds at once, enforces timeouts, cancels on request,
// keeps everything in the store, and on start picks up where a stopped
// server left off. HTTP routes call it; it knows nothing of HTTP.
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "service/build_duration_stats.hpp"
#include "service/build_executor.hpp"
#include "service/build_store.hpp"

namespace kiln::service {

struct ServiceStats {
  std::size_t queued = 0;
  std::size_t running = 0;
  BuildDurationStats::Snapshot durations;
};

class BuildService {
 public:
  BuildService(const ServerConfig& config, BuildStore& store, BuildpackCatalog& catalog, const BundleStore& bundles,
               ServerLog& log, std::optional<std::string> ca_bundle_pem);
  ~BuildService();

  // Recovers the store (marks interrupted builds failed, queues waiting ones) and starts the workers.
  Status start();
  // Queues a build. Errors: queue_full (with retry_after_seconds), shutting_down, storage errors.
  // `id`: one from new_build_id() that the caller recorded first (the watcher); empty: a new one.
  Result<BuildRecord> submit(BuildSubmission submission, std::string id = {});
  // The live record of an active build, else the stored one; nullopt when unknown.
  Result<std::optional<BuildRecord>> get(const std::string& id);
  Result<BuildPage> list(const ListQuery& query) { return store_.list(query); }
  Result<std::vector<LogLine>> logs(const std::string& id, std::int64_t after, int limit) {
    return store_.logs(id, after, limit);
  }
  // Cancels a queued or running build; a finished one is a conflict.
  Result<BuildRecord> cancel(const std::string& id);
  // Pushes a succeeded build's image (in the background; the build shows `pushing`, then succeeded again).
  Result<BuildRecord> push(const std::string& id, const PushTarget& target);

  Result<std::map<BuildStatus, std::int64_t>> count_by_status() { return store_.count_by_status(); }
  BuildChangeFeed& feed() { return feed_; }
  ServiceStats stats() const;
  int retry_after_seconds() const;

  // Stops taking builds, lets running ones finish for up to `grace`, then cancels them; queued
  // builds stay queued in the store and run after the next start.
  void shutdown(std::chrono::seconds grace);

 private:
  std::shared_ptr<ActiveBuild> next_build();
  void worker();
  void ticker();
  void run(const std::shared_ptr<ActiveBuild>& build);
  void enqueue_recovered(const std::string& id);

  const ServerConfig& config_;
  BuildStore& store_;
  ServerLog& log_;
  ExecutorContext executor_;
  BuildChangeFeed feed_;
  BuildDurationStats durations_;

  mutable std::mutex mutex_;
  std::condition_variable work_available_;
  std::condition_variable idle_;
  std::condition_variable tick_;  // the ticker's own: a notify_one meant for a worker must never wake it instead
  std::deque<std::shared_ptr<ActiveBuild>> queue_;
  std::map<std::string, std::shared_ptr<ActiveBuild>> active_;   // queued and running, by id
  std::map<std::string, std::shared_ptr<BuildReporter>> running_;
  bool accepting_ = false;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread ticker_;
};

// A new build id: "b" + 24 random hex digits from the OS's generator (URL-safe, unguessable).
std::string new_build_id();

}  // namespace kiln::service
