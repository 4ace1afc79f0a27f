#pragma once
// Tells followers of a build (log streams) that something changed: new log
// lines were stored, or the status moved. The store stays the one source of
// truth; a follower wakes, reads what is new from it, and waits again.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace kiln::service {

class BuildChangeFeed {
 public:
  // A build's change counter; 0 when nothing happened since the server started.
  std::uint64_t version(const std::string& id) const;
  void changed(const std::string& id);
  // Waits until the counter differs from `seen` or the timeout passes; returns the current counter.
  std::uint64_t wait(const std::string& id, std::uint64_t seen, std::chrono::milliseconds timeout) const;
  // Wakes every follower (shutdown).
  void wake_all();
  // Forgets a finished build once nobody needs its counter.
  void forget(const std::string& id);

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::map<std::string, std::uint64_t> versions_;
};

}  // namespace kiln::service
