#pragma once
// How a running build tells the world what it does: status, step, progress
// and log lines go to the active record at once, to the store in batches
// (log lines every flush, the record at most every few hundred ms or on a
// status change), and to followers through the change feed.
#include <memory>
#include <string>

#include <kiln/sdk/runner.hpp>

#include "service/active_build.hpp"
#include "service/build_change_feed.hpp"
#include "service/build_store.hpp"
#include "service/server_log.hpp"

namespace kiln::service {

class BuildReporter {
 public:
  BuildReporter(std::shared_ptr<ActiveBuild> build, BuildStore& store, BuildChangeFeed& feed, ServerLog& log)
      : build_(std::move(build)), store_(store), feed_(feed), log_(log) {}

  void status(BuildStatus status);
  void log(const std::string& stream, const std::string& text);
  void event(const std::string& unit, const sdk::BuildEvent& event);
  // Changes the record under its lock; saved with the next flush.
  template <class Change>
  void update(Change change) {
    {
      std::lock_guard lock(build_->mutex);
      change(build_->record);
    }
    dirty_ = true;
  }
  // Writes pending lines (and the record when due or `force`) to the store, then wakes followers.
  void flush(bool force = false);
  // The final state: saved at once, whatever the throttle says.
  void finish(BuildStatus status, std::optional<BuildFailure> failure);

  const std::shared_ptr<ActiveBuild>& build() const { return build_; }

 private:
  std::shared_ptr<ActiveBuild> build_;
  BuildStore& store_;
  BuildChangeFeed& feed_;
  ServerLog& log_;
  std::atomic<bool> dirty_{false};
  std::mutex flush_mutex_;  // one flush at a time: the ticker and the build thread both flush
};

}  // namespace kiln::service
