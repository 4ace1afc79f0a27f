#include "sources/git_process.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <thread>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include "sources/url_redaction.hpp"

namespace kiln {
namespace bp = boost::process;
namespace {

constexpr std::size_t kMaxStdoutBytes = 1 << 20;
constexpr std::size_t kStderrTailLines = 20;
constexpr auto kPollInterval = std::chrono::milliseconds(100);
// After git exits, how long a helper that inherited its pipes may keep them open.
constexpr auto kDrainGrace = std::chrono::seconds(1);

// In the child, before exec: every inherited descriptor above stderr is closed
// at exec. Another thread may be starting another git at the same moment, and
// its pipe ends must not live on in this git (the other run would wait for an
// end of file that never comes).
struct CloseInheritedDescriptors : bp::extend::handler {
  template <class Executor>
  void on_exec_setup(Executor&) const {
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    for (int fd = 3; fd < 65536; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
};

// git with no user or system configuration, no prompts (a missing credential
// fails at once), C locale messages, no terminal. HOME and the ssh agent stay
// so ssh finds the user's keys and known hosts; proxies stay for users behind one.
bp::environment clean_environment(const std::vector<std::pair<std::string, std::string>>& extra) {
  bp::environment env;
  env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
  for (const char* name : {"HOME", "SSH_AUTH_SOCK", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                           "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"})
    if (const char* value = std::getenv(name)) env[name] = value;
  if (!std::getenv("HOME")) env["HOME"] = "/nonexistent";
  env["LC_ALL"] = "C";
  env["GIT_TERMINAL_PROMPT"] = "0";
  env["GIT_CONFIG_NOSYSTEM"] = "1";
  env["GIT_CONFIG_GLOBAL"] = "/dev/null";
  env["GIT_ASKPASS"] = "/bin/true";
  env["SSH_ASKPASS"] = "/bin/true";
  env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
  for (const auto& [name, value] : extra) env[name] = value;
  return env;
}

// Splits a stream into lines at '\n' and '\r' (git redraws progress with '\r').
class LineCollector {
 public:
  explicit LineCollector(std::function<void(const std::string&)> on_line) : on_line_(std::move(on_line)) {}
  void feed(const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      char c = data[i];
      if (c == '\n' || c == '\r') flush();
      else if (pending_.size() < 8192) pending_ += c;  // a line longer than that is cut, not buffered forever
    }
  }
  void flush() {
    if (!pending_.empty()) on_line_(redact_url(pending_));
    pending_.clear();
  }

 private:
  std::function<void(const std::string&)> on_line_;
  std::string pending_;
};

// True once the child has exited. WNOWAIT leaves it a zombie, so its pid (and
// with it the process group id) cannot be reused before the group is cleaned up.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return true;
  return info.si_pid == pid;
}

struct Stream {
  int fd = -1;
  LineCollector* lines = nullptr;
  std::string* capture = nullptr;
};

// Reads what is ready on the open streams, waiting at most one poll interval.
void pump(std::vector<Stream>& streams) {
  std::vector<pollfd> fds;
  for (const auto& s : streams) fds.push_back({s.fd, POLLIN, 0});
  if (::poll(fds.data(), fds.size(), static_cast<int>(kPollInterval.count())) <= 0) return;
  char buffer[65536];
  for (std::size_t i = 0; i < streams.size(); ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    auto n = ::read(streams[i].fd, buffer, sizeof buffer);
    if (n > 0) {
      streams[i].lines->feed(buffer, static_cast<std::size_t>(n));
      if (streams[i].capture && streams[i].capture->size() < kMaxStdoutBytes)
        streams[i].capture->append(buffer, std::min<std::size_t>(static_cast<std::size_t>(n), kMaxStdoutBytes - streams[i].capture->size()));
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      streams[i].lines->flush();
      streams[i].fd = -1;
    }
  }
  std::erase_if(streams, [](const Stream& s) { return s.fd < 0; });
}

}  // namespace

Result<GitOutcome> run_git(const GitCommand& command) {
  auto git = bp::search_path("git");
  if (git.empty()) return Error{ErrorCode::FetchFailed, "git is not installed (install the 'git' package)"};

  GitOutcome outcome;
  auto on_line = [&](const std::string& line) {
    if (command.on_line) command.on_line(line);
  };
  LineCollector out_lines(on_line);
  LineCollector err_lines([&](const std::string& line) {
    on_line(line);
    outcome.stderr_tail.push_back(line);
    if (outcome.stderr_tail.size() > kStderrTailLines) outcome.stderr_tail.erase(outcome.stderr_tail.begin());
  });

  bp::pipe out_pipe, err_pipe;
  bp::group group;
  std::error_code launch_error;
  auto start_dir = command.working_dir.empty() ? std::filesystem::current_path() : command.working_dir;
  bp::child child(git, bp::args(command.args), clean_environment(command.extra_env), bp::start_dir(start_dir.string()),
                  bp::std_in < bp::null, bp::std_out > out_pipe, bp::std_err > err_pipe, group,
                  CloseInheritedDescriptors{}, launch_error);
  if (launch_error) return Error{ErrorCode::FetchFailed, "could not start git: " + launch_error.message()};

  std::vector<Stream> streams{{out_pipe.native_source(), &out_lines, &outcome.stdout_text},
                              {err_pipe.native_source(), &err_lines, nullptr}};
  std::optional<Error> stopped;
  std::optional<std::chrono::steady_clock::time_point> exited_at;
  while (true) {
    auto now = std::chrono::steady_clock::now();
    if (command.cancelled && command.cancelled->load()) {
      stopped = Error{ErrorCode::Cancelled, "git was cancelled"};
      break;
    }
    if (now >= command.deadline) {
      stopped = Error{ErrorCode::TimedOut, "git did not finish in time"};
      break;
    }
    if (!exited_at && has_exited(child.id())) exited_at = now;
    if (streams.empty() && exited_at) break;
    if (exited_at && now - *exited_at > kDrainGrace) break;
    if (streams.empty()) std::this_thread::sleep_for(kPollInterval);
    else pump(streams);
  }
  out_lines.flush();
  err_lines.flush();
  // Whatever git left behind in its group goes too: a timed-out fetch, or a
  // helper that outlived git. The leader is still unreaped, so the group id is ours.
  std::error_code ignored;
  group.terminate(ignored);
  child.wait(ignored);
  if (stopped) return *stopped;
  outcome.exit_code = child.exit_code();
  return outcome;
}

}  // namespace kiln
