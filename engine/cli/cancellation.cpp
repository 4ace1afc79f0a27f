#include "cli/cancellation.hpp"

#include <csignal>
#include <unistd.h>

namespace kiln::cli {

std::atomic<bool>& interrupted() {
  static std::atomic<bool> flag{false};
  return flag;
}

std::atomic<bool>& interrupted_twice() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
std::atomic<bool> exit_on_second_signal{true};
std::atomic<bool> announce_signal{true};

void on_signal(int) {
  if (interrupted().exchange(true)) {
    if (exit_on_second_signal) _exit(130);
    interrupted_twice() = true;
    return;
  }
  if (!announce_signal) return;
  constexpr char message[] = "\nkiln: cancelling (press Ctrl-C again to quit at once)\n";
  [[maybe_unused]] auto ignored = write(STDERR_FILENO, message, sizeof message - 1);
}
}  // namespace

void install_interrupt_handler(bool exit_on_second, bool announce) {
  exit_on_second_signal = exit_on_second;
  announce_signal = announce;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

Deadline::Deadline(std::atomic<bool>& flag, std::chrono::seconds limit) {
  if (limit.count() <= 0) return;
  watcher_ = std::thread([this, &flag, limit] {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!done_ && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!done_) {
      fired_ = true;
      flag = true;
    }
  });
}

Deadline::~Deadline() {
  done_ = true;
  if (watcher_.joinable()) watcher_.join();
}

}  // namespace kiln::cli
