#pragma once
// Fetches a git source into a local folder with the git CLI: the remote is
// fetched into its bare mirror (git_mirror.hpp), then the commit a branch, tag
// or id names is written into the folder (no .git in it). The spec is
// untrusted and checked first (git_url.hpp); git runs under run_git's clean
// environment with only the spec's transport allowed, no hooks and no
// submodules (git_session.hpp). The CLI, the service and the HTTP detect/plan
// routes all fetch through here.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sources/git_credentials.hpp"
#include "sources/git_mirror_eviction.hpp"
#include "sources/git_url.hpp"

namespace kiln {

struct FetchOptions {
  GitPolicy policy{};
  std::chrono::seconds timeout{300};           // for the whole fetch, every git command included
  const std::atomic<bool>* cancelled = nullptr;  // polled; set = kill git and return "cancelled"
  std::function<void(const std::string&)> log{};  // progress lines, credentials redacted
  std::string ca_bundle_file{};                // PEM bundle for https (a corporate proxy's CA)
  // Where the per-repository mirrors live; empty: a one-time mirror, removed after the fetch.
  std::filesystem::path mirror_root{};
  std::vector<GitCredential> credentials{};     // per host pattern; the first that matches is used
  MirrorCacheBounds mirror_bounds{};           // kept after each fetch into mirror_root (git_mirror_eviction.hpp)
};

struct FetchedSource {
  std::filesystem::path root;  // dest/subdir: where the app is
  std::string commit;          // the full id of the commit checked out
};

// `dest` must not exist or be an empty folder; on failure it is removed.
// Errors: invalid_source (a bad spec, a missing subdir or one leading outside
// the checkout), fetch_failed (git failed: its last stderr lines, redacted),
// timed_out, cancelled.
Result<FetchedSource> fetch_git(const GitSourceSpec& spec, const std::filesystem::path& dest,
                                const FetchOptions& options);

}  // namespace kiln
