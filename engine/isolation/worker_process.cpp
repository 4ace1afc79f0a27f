#include "isolation/worker_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "isolation/pipe_io.hpp"

extern char** environ;

namespace kiln::isolation {
namespace {

using Clock = std::chrono::steady_clock;

// A worker that died while kiln wrote to it must be an error, not a SIGPIPE that ends kiln.
void ignore_sigpipe_once() {
  static const bool done = [] {
    struct sigaction current {};
    sigaction(SIGPIPE, nullptr, &current);
    if (current.sa_handler == SIG_DFL) signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

// Moves a descriptor above the fds an exec'd worker is given (3 and 4), keeping it close-on-exec.
int above_worker_fds(int fd) {
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  close(fd);
  return moved;
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended (status " + std::to_string(status) + ")";
}

std::string describe_duration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

}  // namespace

WorkerProcess::WorkerProcess(WorkerOptions options) : options_(std::move(options)) { ignore_sigpipe_once(); }

WorkerProcess::~WorkerProcess() {
  // An idle worker ends by itself once its request pipe closes; waiting for it would only
  // add its teardown to kiln's exit. It is reaped now if it is already gone, else by init.
  if (request_fd_ >= 0) close(request_fd_);
  if (answer_fd_ >= 0) close(answer_fd_);
  if (pid_ > 0) waitpid(pid_, nullptr, WNOHANG);
}

Status WorkerProcess::start() {
  int to_worker[2], from_worker[2];
  if (pipe2(to_worker, O_CLOEXEC) != 0) return Error{ErrorCode::WorkerUnavailable, std::string("pipe: ") + strerror(errno)};
  if (pipe2(from_worker, O_CLOEXEC) != 0) {
    close(to_worker[0]);
    close(to_worker[1]);
    return Error{ErrorCode::WorkerUnavailable, std::string("pipe: ") + strerror(errno)};
  }
  for (int* fd : {&to_worker[0], &to_worker[1], &from_worker[0], &from_worker[1]}) *fd = above_worker_fds(*fd);

  if (options_.mode == SpawnMode::Fork) {
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(1);
      close(to_worker[1]);
      close(from_worker[0]);
      _exit(run_analysis_worker(to_worker[0], from_worker[1], options_.limits));
    }
  } else {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_worker[0], kWorkerRequestFd);
    posix_spawn_file_actions_adddup2(&actions, from_worker[1], kWorkerAnswerFd);
    std::string command = kWorkerCommand;
    char* argv[] = {options_.executable.data(), command.data(), nullptr};
    int rc = posix_spawn(&pid_, options_.executable.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) pid_ = -1, errno = rc;
  }
  const int spawn_errno = errno;
  close(to_worker[0]);
  close(from_worker[1]);
  if (pid_ < 0) {
    close(to_worker[1]);
    close(from_worker[0]);
    return Error{ErrorCode::WorkerUnavailable, std::string("cannot start an analysis worker: ") + strerror(spawn_errno)};
  }
  request_fd_ = to_worker[1];
  answer_fd_ = from_worker[0];
  pending_.clear();
  return Ok{};
}

void WorkerProcess::stop() {
  if (request_fd_ >= 0) close(request_fd_);
  if (answer_fd_ >= 0) close(answer_fd_);
  request_fd_ = answer_fd_ = -1;
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
}

std::string WorkerProcess::reap_and_describe() {
  int status = 0;
  pid_t done = -1;
  // The pipe closed, so the process is ending; give it a moment before forcing it.
  for (int i = 0; i < 200 && (done = waitpid(pid_, &status, WNOHANG)) == 0; ++i) usleep(5000);
  if (done == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  stop();
  return describe_status(status);
}

Result<std::string> WorkerProcess::call(const std::string& request_line, std::chrono::milliseconds deadline) {
  if (pid_ < 0)
    if (auto started = start(); !started) return started.error();
  if (!write_all(request_fd_, request_line + "\n"))
    return Error{ErrorCode::PluginCrashed, "the analysis worker " + reap_and_describe() + " before it read the request"};

  const auto until = Clock::now() + deadline;
  for (;;) {
    if (auto end = pending_.find('\n'); end != std::string::npos) {
      std::string line = pending_.substr(0, end);
      pending_.erase(0, end + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (left <= 0) {
      stop();
      return Error{ErrorCode::PluginTimeout, "no answer within " + describe_duration(deadline) + "; the worker running it was stopped"};
    }
    pollfd wait{answer_fd_, POLLIN, 0};
    int ready = poll(&wait, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char chunk[64 * 1024];
    ssize_t n = ::read(answer_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error{ErrorCode::PluginCrashed, reap_and_describe()};
    pending_.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace kiln::isolation
