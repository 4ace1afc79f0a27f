#pragma once
// Runs one git command the way kiln needs for untrusted repositories: an argv
// vector (never a shell), a clean environment that reads no user or system git
// configuration and never prompts, its own process group so a timeout or a
// cancellation kills git and every helper it started (git-remote-https, ssh),
// and every output line handed over with credentials redacted.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace kiln {

struct GitCommand {
  std::vector<std::string> args;  // after "git"
  std::filesystem::path working_dir{};  // empty: the current folder
  // Added to the clean environment (e.g. GIT_ALLOW_PROTOCOL).
  std::vector<std::pair<std::string, std::string>> extra_env{};
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  const std::atomic<bool>* cancelled = nullptr;
  // Each line git prints (stdout and stderr), already redacted.
  std::function<void(const std::string&)> on_line{};
};

struct GitOutcome {
  int exit_code = -1;
  std::string stdout_text;               // what git printed on stdout (capped at 1 MiB)
  std::vector<std::string> stderr_tail;  // git's last stderr lines, redacted
};

// Error codes: TimedOut (deadline passed), Cancelled (flag set), both after
// the process group was killed; "fetch_failed" when git cannot be started.
// A git that runs and fails is not an error here: see exit_code.
Result<GitOutcome> run_git(const GitCommand& command);

}  // namespace kiln
