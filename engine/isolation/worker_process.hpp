#pragma once
// One analysis worker process, seen from kiln: start it, send a request line,
// wait for the answer line until a deadline. A worker that crashes or misses
// its deadline is gone (killed and reaped); the next call starts a fresh one.
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>

#include "core/result.hpp"
#include "isolation/analysis_worker.hpp"

namespace kiln::isolation {

enum class SpawnMode {
  Fork,  // a copy of this process: no exec, so it starts in microseconds (the CLI, single-threaded)
  Exec,  // `kiln __analysis-worker` through posix_spawn: safe from a multi-threaded server
};

struct WorkerOptions {
  SpawnMode mode = SpawnMode::Fork;
  std::string executable;  // for Exec: the kiln binary
  WorkerLimits limits;
};

class WorkerProcess {
 public:
  explicit WorkerProcess(WorkerOptions options);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // The answer line. Errors: PluginCrashed (the message says how the process
  // ended), PluginTimeout, WorkerUnavailable (it could not be started).
  Result<std::string> call(const std::string& request_line, std::chrono::milliseconds deadline);
  // Starts the process now rather than on the first call (see WorkerPool::start_ahead).
  Status start_ahead() { return pid_ < 0 ? start() : Status(Ok{}); }

 private:
  Status start();
  void stop();                  // kills and reaps the process, if any
  std::string reap_and_describe();  // after the pipe closed: how the process ended

  WorkerOptions options_;
  pid_t pid_ = -1;
  int request_fd_ = -1;
  int answer_fd_ = -1;
  std::string pending_;  // bytes read past the last answer line
};

}  // namespace kiln::isolation
