#pragma once
// A few analysis workers shared by every caller: a call takes an idle worker
// (or waits for one), runs one request under the deadline, and gives it back.
// Workers start on first use and again after one crashed or timed out.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "isolation/worker_process.hpp"

namespace kiln::isolation {

struct PoolOptions {
  WorkerOptions worker;
  std::size_t size = 2;
  std::chrono::milliseconds deadline{5000};  // per buildpack call
};

class WorkerPool {
 public:
  explicit WorkerPool(PoolOptions options);
  // The answer's result, or its error (see WorkerProcess::call and analysis_protocol.hpp).
  Result<nlohmann::json> call(const nlohmann::json& request);
  // Starts one worker before the first call. A forked worker is then a copy of the caller as it
  // is now (small, and with one thread: forking while another thread holds a lock is unsafe).
  // A worker that cannot start is left for the first call to report.
  void start_ahead();
  std::chrono::milliseconds deadline() const { return options_.deadline; }

 private:
  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable idle_changed_;
  std::vector<std::unique_ptr<WorkerProcess>> idle_;
  std::size_t started_ = 0;
};

}  // namespace kiln::isolation
