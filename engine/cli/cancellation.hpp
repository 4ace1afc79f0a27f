#pragma once
// Ctrl-C and timeouts both end a build by setting one flag the runner polls,
// so the engine stops the build too, not only this process.
#include <atomic>
#include <chrono>
#include <thread>

namespace kiln::cli {

// The flag SIGINT/SIGTERM set. The first signal cancels; a second one exits at once.
std::atomic<bool>& interrupted();
// Set by a second signal when the handler does not exit on it.
std::atomic<bool>& interrupted_twice();
// `exit_on_second` false: a second signal only sets interrupted_twice(), for a
// caller that must clean up before it goes (a helper container must not be
// left behind, so `--isolation helper` removes it at once, then exits).
// `announce` false: the first signal writes nothing (a live progress view says it is cancelling
// in its own rows; a line written under them would throw its redraw off).
void install_interrupt_handler(bool exit_on_second = true, bool announce = true);

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
