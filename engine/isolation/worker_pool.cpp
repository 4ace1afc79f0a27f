#include "isolation/worker_pool.hpp"

#include "isolation/analysis_protocol.hpp"

namespace kiln::isolation {

WorkerPool::WorkerPool(PoolOptions options) : options_(std::move(options)) {
  if (options_.size == 0) options_.size = 1;
}

void WorkerPool::start_ahead() {
  auto worker = std::make_unique<WorkerProcess>(options_.worker);
  if (!worker->start_ahead()) return;
  std::lock_guard lock(mutex_);
  if (started_ >= options_.size) return;
  ++started_;
  idle_.push_back(std::move(worker));
}

Result<nlohmann::json> WorkerPool::call(const nlohmann::json& request) {
  std::unique_ptr<WorkerProcess> worker;
  {
    std::unique_lock lock(mutex_);
    idle_changed_.wait(lock, [&] { return !idle_.empty() || started_ < options_.size; });
    if (!idle_.empty()) {
      worker = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++started_;
      lock.unlock();
      worker = std::make_unique<WorkerProcess>(options_.worker);
    }
  }
  auto line = worker->call(request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), options_.deadline);
  {
    // A worker that crashed or timed out comes back empty and starts again on its next call.
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(worker));
  }
  idle_changed_.notify_one();
  if (!line) return line.error();
  return read_answer(*line);
}

}  // namespace kiln::isolation
