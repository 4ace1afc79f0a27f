#pragma once
// The worker side: a loop that reads requests, runs buildpack code in this
// process (loading each buildpack on first use) and writes answers. It is the
// only place plugin code runs when kiln isolates buildpacks, so a buildpack
// that crashes, aborts, exits, loops or eats memory takes only this process.
#include <cstddef>

namespace kiln::isolation {

struct WorkerLimits {
  std::size_t address_space_bytes = std::size_t(512) << 20;  // RLIMIT_AS: an allocation beyond it fails
};

// Applies the limits, then serves requests from in_fd and answers on out_fd
// until in_fd closes. Returns the process exit status.
int run_analysis_worker(int in_fd, int out_fd, const WorkerLimits& limits);

// `kiln __analysis-worker`: the entry of an exec'd worker (fds 3 and 4).
inline constexpr const char* kWorkerCommand = "__analysis-worker";
inline constexpr int kWorkerRequestFd = 3;
inline constexpr int kWorkerAnswerFd = 4;

}  // namespace kiln::isolation
