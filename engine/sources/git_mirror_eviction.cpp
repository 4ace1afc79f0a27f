#include "sources/git_mirror_eviction.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>

namespace kiln {
namespace fs = std::filesystem;
namespace {

struct Mirror {
  fs::path dir;
  fs::path lock;
  fs::file_time_type used;
  std::int64_t bytes = 0;
};

std::int64_t folder_bytes(const fs::path& dir) {
  std::int64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) total += static_cast<std::int64_t>(it->file_size(ec));
  return total;
}

// Removes the mirror unless a build holds its lock: true when removed.
bool remove_unless_in_use(const Mirror& mirror) {
  int fd = ::open(mirror.lock.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;  // no lock file to take: leave it to the code that made it
  bool removed = false;
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
    std::error_code ec;
    fs::remove_all(mirror.dir, ec);
    removed = !ec;
  }
  ::close(fd);  // releases the flock
  return removed;
}

}  // namespace

Result<MirrorEviction> evict_git_mirrors(const fs::path& cache_root, const MirrorCacheBounds& bounds, fs::file_time_type now) {
  MirrorEviction outcome;
  std::error_code ec;
  if (!fs::exists(cache_root, ec)) return outcome;
  std::vector<Mirror> mirrors;
  for (const auto& entry : fs::directory_iterator(cache_root, ec)) {
    const auto& dir = entry.path();
    std::error_code odd;
    if (dir.extension() != ".git" || !entry.is_directory(odd) || entry.is_symlink(odd)) continue;
    auto lock = cache_root / (dir.stem().string() + ".lock");
    std::error_code no_lock;
    auto used = fs::last_write_time(lock, no_lock);
    if (no_lock) continue;  // a mirror without its lock file is not one of ours
    mirrors.push_back({dir, lock, used, folder_bytes(dir)});
  }
  if (ec) return Error{ErrorCode::StorageFailed, "cannot list the git mirror folder " + cache_root.string() + ": " + ec.message()};
  std::sort(mirrors.begin(), mirrors.end(), [](const Mirror& a, const Mirror& b) { return a.used < b.used; });
  std::int64_t total = 0;
  for (const auto& mirror : mirrors) total += mirror.bytes;
  for (const auto& mirror : mirrors) {
    bool too_old = now - mirror.used > bounds.max_age;
    if (!too_old && total <= bounds.max_bytes) break;  // the rest are newer: only the size bound could take them
    if (remove_unless_in_use(mirror)) {
      outcome.removed.push_back(mirror.dir.filename().string());
      total -= mirror.bytes;
    } else {
      outcome.kept_in_use.push_back(mirror.dir.filename().string());
    }
  }
  outcome.bytes_after = total;
  return outcome;
}

}  // namespace kiln
