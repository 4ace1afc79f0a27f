#pragma once
// A bare mirror of one remote repository, kept in a cache folder (the data
// dir's git-mirrors/ for the server, the user's cache for the CLI) and named
// by a hash of the remote's normalised URL. Every build of a repository
// fetches into its mirror, so the second build fetches only what changed,
// and a build pinned to a commit the mirror has fetches nothing. A lock file
// per mirror lets one process at a time touch it; other builds of the same
// repository wait (within their deadline). Checkouts are worktree-free: the
// commit's files are written into the build's own folder, with no .git.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sources/git_session.hpp"
#include "sources/git_url.hpp"

namespace kiln {

// "HTTPS://u:t@Host/org/App.git/" -> "https://host/org/App": what makes two URLs the same mirror.
std::string normalised_git_url(const std::string& url);
// The mirror's folder name: sha256 hex of the normalised URL.
std::string git_mirror_key(const std::string& url);

class GitMirror {
 public:
  // Opens (creating on first use) and locks the mirror of session.url() under `cache_root`.
  static Result<GitMirror> open(const std::filesystem::path& cache_root, const GitSession& session);
  GitMirror(GitMirror&& other) noexcept;
  GitMirror& operator=(GitMirror&&) = delete;
  ~GitMirror();  // releases the lock

  // git fetch --prune of every branch and tag, and (`default_branch`) of the remote's HEAD
  // into refs/kiln/default.
  Status fetch(bool default_branch = true);
  // The full id of the commit `spec` names: spec.commit if set (fetched only when the
  // mirror lacks it), else the tip of spec.ref (a branch, then a tag) or of the default branch.
  Result<std::string> resolve(const GitSourceSpec& spec);
  // Writes the files of `commit` into `dest` (an empty folder); `scratch` holds the index meanwhile.
  Status checkout(const std::string& commit, const std::filesystem::path& dest, const std::filesystem::path& scratch);

  const std::filesystem::path& dir() const { return dir_; }

  // Reads of what the mirror holds, without fetching (git_mirror_reads.cpp): for the watcher,
  // which decides what to build from the mirror alone.
  struct TreeEntry {
    std::string mode;  // "040000" a folder, "100644" a file, "120000" a symlink, "160000" a submodule
    std::string type;  // "tree", "blob", "commit"
    std::string object;
  };
  // The entry `path` names in `commit`'s tree; nothing when there is none.
  Result<std::optional<TreeEntry>> entry(const std::string& commit, const std::string& path);
  // The text of file `path` at `commit` (under 1 MiB); nothing when there is no such file.
  Result<std::optional<std::string>> file_text(const std::string& commit, const std::string& path);
  // The files that differ between two commits (git diff --name-only --no-renames: a rename is both paths).
  Result<std::vector<std::string>> changed_files(const std::string& from, const std::string& to);
  // True when the mirror holds `commit`.
  Result<bool> has_commit(const std::string& commit) { auto id = commit_of(commit); if (!id) return id.error(); return !id->empty(); }

 private:
  GitMirror(const GitSession& session, std::filesystem::path dir, int lock_fd);
  Result<std::string> commit_of(const std::string& revision);

  const GitSession& session_;
  std::filesystem::path dir_;
  int lock_fd_ = -1;
};

// A remote's branches and tags without fetching anything (for watchers: has a branch moved?).
struct RemoteRef {
  std::string name;    // "refs/heads/main", "refs/tags/v1", "HEAD"
  std::string commit;  // full id; for an annotated tag, the commit it points to
};
// The URL is checked as for a fetch; credentials, timeout and cancellation come from `options`.
// `patterns` (e.g. "refs/heads/main") narrow the listing as git ls-remote's own do; none: every ref.
Result<std::vector<RemoteRef>> git_ls_remote(const std::string& url, const FetchOptions& options,
                                             const std::vector<std::string>& patterns = {});

}  // namespace kiln
