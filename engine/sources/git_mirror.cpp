#include "sources/git_mirror.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <cctype>
#include <sstream>
#include <thread>

#include "sources/sha256_hasher.hpp"

namespace kiln {
namespace fs = std::filesystem;
namespace {

constexpr auto kLockPoll = std::chrono::milliseconds(100);

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string without_user(const std::string& authority) {
  auto at = authority.rfind('@');
  return at == std::string::npos ? authority : authority.substr(at + 1);
}

// Waits for the mirror's lock: another build of the same repository may be fetching.
Result<int> lock_mirror(const fs::path& lock_file, const GitSession& session) {
  int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error{ErrorCode::StorageFailed, "cannot open the git mirror lock " + lock_file.string()};
  const auto* cancelled = session.options().cancelled;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    std::optional<Error> stop;
    if (cancelled && cancelled->load())
      stop = Error{ErrorCode::Cancelled, "cancelled while waiting for the git mirror of " + redact_url(session.url())};
    else if (std::chrono::steady_clock::now() >= session.deadline())
      stop = Error{ErrorCode::TimedOut, "timed out waiting for another build to finish with the git mirror of " + redact_url(session.url())};
    if (stop) {
      ::close(fd);
      return *stop;
    }
    std::this_thread::sleep_for(kLockPoll);
  }
  return fd;
}

}  // namespace

std::string normalised_git_url(const std::string& url) {
  std::string out;
  if (auto separator = url.find("://"); separator != std::string::npos) {
    auto start = separator + 3;
    auto slash = url.find('/', start);
    auto authority = url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    out = lower(url.substr(0, separator)) + "://" + lower(without_user(authority)) +
          (slash == std::string::npos ? "" : url.substr(slash));
  } else if (auto colon = url.find(':'); colon != std::string::npos) {
    out = "ssh://" + lower(without_user(url.substr(0, colon))) + "/" + url.substr(colon + 1);  // user@host:path
  } else {
    out = url;
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (out.size() > 4 && out.compare(out.size() - 4, 4, ".git") == 0) out.resize(out.size() - 4);
  return out;
}

std::string git_mirror_key(const std::string& url) {
  Sha256Hasher hasher;
  hasher.update(normalised_git_url(url));
  return hasher.hex_digest();
}

GitMirror::GitMirror(const GitSession& session, fs::path dir, int lock_fd)
    : session_(session), dir_(std::move(dir)), lock_fd_(lock_fd) {}

GitMirror::GitMirror(GitMirror&& other) noexcept
    : session_(other.session_), dir_(std::move(other.dir_)), lock_fd_(std::exchange(other.lock_fd_, -1)) {}

GitMirror::~GitMirror() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing the last descriptor releases the flock
}

Result<GitMirror> GitMirror::open(const fs::path& cache_root, const GitSession& session) {
  std::error_code ec;
  fs::create_directories(cache_root, ec);
  if (ec) return Error{ErrorCode::StorageFailed, "cannot create the git mirror folder " + cache_root.string() + ": " + ec.message()};
  auto key = git_mirror_key(session.url());
  auto lock = lock_mirror(cache_root / (key + ".lock"), session);
  if (!lock) return lock.error();
  // The lock file's time is the mirror's last use: eviction removes the least recently used first.
  ::futimens(*lock, nullptr);
  GitMirror mirror(session, fs::absolute(cache_root / (key + ".git")), *lock);
  // A mirror without HEAD was cut short while it was being made: start it again.
  if (!fs::exists(mirror.dir_ / "HEAD", ec)) {
    fs::remove_all(mirror.dir_, ec);
    session.log("kiln: creating the git mirror for " + redact_url(session.url()));
    if (auto made = session.run_ok({"init", "--bare", "--quiet", "--template=", "--", mirror.dir_.string()}, "git init"); !made)
      return made.error();
  }
  return mirror;
}

Status GitMirror::fetch(bool default_branch) {
  session_.log("kiln: fetching " + redact_url(session_.url()) + " into its mirror");
  std::vector<std::string> args{"--git-dir=" + dir_.string(), "fetch", "--prune", "--no-tags", "--no-recurse-submodules", "--",
                                session_.url(), "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};
  // Only when asked: a remote whose HEAD names a missing branch would fail the whole fetch.
  if (default_branch) args.push_back("+HEAD:refs/kiln/default");
  return session_.run_ok(args, "git fetch");
}

Result<std::string> GitMirror::commit_of(const std::string& revision) {
  auto resolved = session_.run({"--git-dir=" + dir_.string(), "rev-parse", "--verify", "--quiet", "--end-of-options",
                                revision + "^{commit}"});
  if (!resolved) return resolved.error();
  if (resolved->exit_code != 0) return std::string();
  return trimmed_line(resolved->stdout_text);
}

Result<std::string> GitMirror::resolve(const GitSourceSpec& spec) {
  if (!spec.commit.empty()) {
    auto wanted = lower(spec.commit);
    auto matches = [&](const std::string& id) { return !id.empty() && id.rfind(wanted, 0) == 0; };
    // A commit never changes: one the mirror holds needs no fetch at all.
    auto known = commit_of(wanted);
    if (!known) return known.error();
    if (matches(*known)) return *known;
    if (auto fetched = fetch(false); !fetched) return fetched.error();
    auto after = commit_of(wanted);
    if (!after) return after.error();
    bool full_id = wanted.size() == 40 || wanted.size() == 64;
    if (!matches(*after) && full_id) {
      // Not on any branch or tag: ask for it alone (servers that allow reachable or any SHA-1 in want).
      session_.log("kiln: commit " + wanted + " is on no branch or tag; fetching it alone");
      auto alone = session_.run({"--git-dir=" + dir_.string(), "fetch", "--no-tags", "--no-recurse-submodules", "--",
                                 session_.url(), "+" + wanted + ":refs/kiln/commits/" + wanted});
      if (!alone) return alone.error();
      after = commit_of(wanted);
      if (!after) return after.error();
    }
    if (!matches(*after))
      return Error{ErrorCode::FetchFailed, "git commit '" + spec.commit + "' was not found in " + redact_url(session_.url()) +
                                               (spec.ref.empty() ? "" : " (ref '" + spec.ref + "')")};
    return *after;
  }
  if (auto fetched = fetch(spec.ref.empty()); !fetched) return fetched.error();
  if (spec.ref.empty()) {
    auto tip = commit_of("refs/kiln/default");
    if (!tip) return tip.error();
    if (tip->empty()) return Error{ErrorCode::FetchFailed, redact_url(session_.url()) + " has no default branch (is it empty?)"};
    return *tip;
  }
  // As git clone --branch: a branch first, then a tag of that name.
  for (const auto& prefix : {"refs/heads/", "refs/tags/"}) {
    auto tip = commit_of(prefix + spec.ref);
    if (!tip) return tip.error();
    if (!tip->empty()) return *tip;
  }
  return Error{ErrorCode::FetchFailed, "git ref '" + spec.ref + "' is neither a branch nor a tag of " + redact_url(session_.url())};
}

Status GitMirror::checkout(const std::string& commit, const fs::path& dest, const fs::path& scratch) {
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (ec) return Error{ErrorCode::FetchFailed, "cannot create " + dest.string() + ": " + ec.message()};
  // An index of the build's own, so builds never share the mirror's.
  std::vector<std::pair<std::string, std::string>> index{{"GIT_INDEX_FILE", (scratch / "kiln-checkout.index").string()}};
  auto git_dir = "--git-dir=" + dir_.string();
  auto read = session_.run({git_dir, "read-tree", "--end-of-options", commit}, dest, index);
  if (auto ok = session_.expect_success(read, "git read-tree of " + commit); !ok) return ok;
  auto written = session_.run({git_dir, "--work-tree=" + dest.string(), "checkout-index", "--all", "--force"}, dest, index);
  fs::remove(scratch / "kiln-checkout.index", ec);
  return session_.expect_success(written, "git checkout-index of " + commit);
}

Result<std::vector<RemoteRef>> git_ls_remote(const std::string& url, const FetchOptions& options,
                                             const std::vector<std::string>& patterns) {
  auto transport = git_url_transport(url, options.policy);
  if (!transport) return transport.error();
  GitSession session(url, *transport, options);
  if (auto ready = session.prepare(); !ready) return ready.error();
  std::vector<std::string> args{"ls-remote", "--", url};
  args.insert(args.end(), patterns.begin(), patterns.end());
  auto listed = session.run(args);
  if (auto ok = session.expect_success(listed, "git ls-remote"); !ok) return ok.error();
  std::vector<RemoteRef> refs;
  std::istringstream lines(listed->stdout_text);
  std::string line;
  while (std::getline(lines, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    RemoteRef ref{line.substr(tab + 1), line.substr(0, tab)};
    // "refs/tags/v1^{}" is the commit an annotated tag points to: it replaces the tag object.
    if (ref.name.size() > 3 && ref.name.compare(ref.name.size() - 3, 3, "^{}") == 0) {
      ref.name.resize(ref.name.size() - 3);
      auto same = std::find_if(refs.begin(), refs.end(), [&](const RemoteRef& r) { return r.name == ref.name; });
      if (same != refs.end()) {
        same->commit = ref.commit;
        continue;
      }
    }
    refs.push_back(std::move(ref));
  }
  return refs;
}

}  // namespace kiln
