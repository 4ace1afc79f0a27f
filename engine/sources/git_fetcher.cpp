#include "sources/git_fetcher.hpp"

#include "sources/git_mirror.hpp"
#include "sources/git_session.hpp"
#include "sources/scratch_folder.hpp"
#include "sources/source_subdir.hpp"

namespace kiln {
namespace fs = std::filesystem;
namespace {

Status prepare_destination(const fs::path& dest) {
  std::error_code ec;
  if (fs::exists(dest, ec)) {
    if (!fs::is_directory(dest, ec) || !fs::is_empty(dest, ec))
      return Error{ErrorCode::FetchFailed, "destination " + dest.string() + " exists and is not an empty folder"};
    return Ok{};
  }
  fs::create_directories(dest.parent_path(), ec);
  if (ec) return Error{ErrorCode::FetchFailed, "cannot create " + dest.parent_path().string() + ": " + ec.message()};
  return Ok{};
}

Result<FetchedSource> fetch_into(const GitSourceSpec& spec, const fs::path& dest, const FetchOptions& options) {
  auto transport = git_url_transport(spec.url, options.policy);
  if (!transport) return transport.error();
  auto subdir = normalise_source_subdir(spec.subdir, "git subdir");
  if (!subdir) return subdir.error();

  // The checkout's index, and a one-time mirror when no cache folder is configured.
  ScratchFolder scratch("kiln-git");
  if (scratch.path().empty()) return Error{ErrorCode::FetchFailed, "cannot create a scratch folder for git"};
  GitSession session(spec.url, *transport, options);
  if (auto ready = session.prepare(); !ready) return ready.error();
  auto mirror = GitMirror::open(options.mirror_root.empty() ? scratch.path() / "mirror" : options.mirror_root, session);
  if (!mirror) return mirror.error();
  auto started = std::chrono::steady_clock::now();
  auto commit = mirror->resolve(spec);
  if (!commit) return commit.error();
  auto fetched = std::chrono::steady_clock::now();
  if (auto written = mirror->checkout(*commit, dest, scratch.path()); !written) return written.error();
  auto seconds = [](auto d) { return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count() / 1000.0); };
  session.log("kiln: checked out " + *commit + " (fetch " + seconds(fetched - started) + " s, checkout " +
              seconds(std::chrono::steady_clock::now() - fetched) + " s)");
  if (!options.mirror_root.empty()) {
    // This build's mirror is locked (in use), so it stays whatever the bounds say.
    auto evicted = evict_git_mirrors(options.mirror_root, options.mirror_bounds);
    if (!evicted) session.log("kiln: git mirror eviction failed: " + evicted.error().message);
    else if (!evicted->removed.empty())
      session.log("kiln: removed " + std::to_string(evicted->removed.size()) + " least recently used git mirror(s)");
  }
  auto root = resolve_source_subdir(dest, *subdir, "git subdir");
  if (!root) return root.error();
  return FetchedSource{*root, *commit};
}

}  // namespace

Result<FetchedSource> fetch_git(const GitSourceSpec& spec, const fs::path& dest, const FetchOptions& options) {
  if (auto valid = validate_git_spec(spec, options.policy); !valid) return valid.error();
  auto absolute_dest = fs::absolute(dest);
  if (auto ready = prepare_destination(absolute_dest); !ready) return ready.error();
  auto result = fetch_into(spec, absolute_dest, options);
  if (!result) {
    std::error_code ignored;
    fs::remove_all(absolute_dest, ignored);
  }
  return result;
}

}  // namespace kiln
