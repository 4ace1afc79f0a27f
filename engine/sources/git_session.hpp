#pragma once
// Every git command kiln runs against one untrusted remote, with the same
// guard rails: only the URL's transport allowed, no hooks, no fsmonitor, no
// submodules, no automatic gc, one deadline for all of them, the caller's
// cancellation, and the remote's credentials (if any) passed through files.
// The mirror, the checkout and ls-remote all run git through this, so the CLI
// and the service cannot drift apart.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sources/git_credentials.hpp"
#include "sources/git_fetcher.hpp"
#include "sources/git_process.hpp"

namespace kiln {

class GitSession {
 public:
  // `url` must have passed git_url_transport; `transport` is what it returned.
  GitSession(std::string url, std::string transport, const FetchOptions& options);

  // Sets up the credential files for the URL's host (none when no rule matches).
  Status prepare();

  // Runs `git <guard rails> <subcommand>` in `working_dir` (empty: the current folder).
  Result<GitOutcome> run(const std::vector<std::string>& subcommand, const std::filesystem::path& working_dir = {},
                         std::vector<std::pair<std::string, std::string>> extra_env = {}) const;
  // run(), and a fetch_failed error naming `what` and git's last stderr lines when git fails.
  Status run_ok(const std::vector<std::string>& subcommand, const std::string& what,
                const std::filesystem::path& working_dir = {}) const;
  Status expect_success(const Result<GitOutcome>& outcome, const std::string& what) const;

  void log(const std::string& line) const;
  const std::string& url() const { return url_; }
  const FetchOptions& options() const { return options_; }
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }

 private:
  std::string url_;
  std::string transport_;
  const FetchOptions& options_;
  std::chrono::steady_clock::time_point deadline_;
  GitCredentialFiles credentials_;
};

// Trims git's trailing newline from a one-line answer (rev-parse).
std::string trimmed_line(std::string text);

}  // namespace kiln
