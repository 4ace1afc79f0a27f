#pragma once
// A build the server is working on (queued or running): its record as it
// changes, the submission with its secrets (never stored), the cancel flag,
// and the log lines not yet written to the store.
#include <atomic>
#include <chrono>
#include <mutex>
#include <vector>

#include "service/build_record.hpp"
#include "service/build_submission.hpp"
#include "service/secret_masker.hpp"

namespace kiln::service {

enum class StopReason { None, Cancelled, TimedOut, Shutdown };

struct ActiveBuild {
  ActiveBuild(BuildRecord initial, BuildSubmission submission)
      : record(std::move(initial)), submission(std::move(submission)), masker(this->submission.secret_values()) {}

  mutable std::mutex mutex;
  BuildRecord record;                  // guarded by mutex
  std::vector<LogLine> pending_lines;  // guarded by mutex; masked already
  std::chrono::steady_clock::time_point last_saved{};

  const BuildSubmission submission;
  const SecretMasker masker;
  bool push_only = false;              // POST /builds/{id}/push of a finished build
  std::atomic<bool> cancel{false};
  std::atomic<StopReason> stop_reason{StopReason::None};
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

  // First reason wins: a build cancelled by its user then hitting its deadline stays cancelled.
  void stop(StopReason reason) {
    StopReason none = StopReason::None;
    stop_reason.compare_exchange_strong(none, reason);
    cancel = true;
  }
  BuildRecord snapshot() const {
    std::lock_guard lock(mutex);
    return record;
  }
};

}  // namespace kiln::service
