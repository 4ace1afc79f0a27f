#pragma once
// Ctrl-C and timeouts both end a build by setting one flag the runner polls,
// so the engine stops the build too, not only this process.
#include <atomic>
#include <chrono>
#include <thread>

namespace kiln::cli {

// The flag SIGINT/SIGTERM set. The first signal cancels; a second one exits at once.
std::atomic<bool>& interrupted();
void install_interrupt_handler();

// Sets `flag` when `limit` passes (unless destroyed first); `fired()` says whether it did.
class Deadline {
 public:
  Deadline(std::atomic<bool>& flag, std::chrono::seconds limit);
  ~Deadline();
  bool fired() const { return fired_; }

 private:
  std::atomic<bool> done_{false};
  std::atomic<bool> fired_{false};
  std::thread watcher_;
};

}  // namespace kiln::cli
