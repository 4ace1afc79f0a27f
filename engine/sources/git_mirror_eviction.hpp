#pragma once
// The bound on a git mirror cache folder (git_mirror.hpp): mirrors not used
// for `max_age` leave it, then the least recently used ones until the cache
// is under `max_bytes`. A mirror's last use is its lock file's modification
// time (GitMirror::open touches it). A mirror in use (its lock held by any
// process) is never removed; the lock file itself stays, so a build waiting
// on it still shares one lock with the next, and simply finds the mirror
// gone and makes it again.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiln {

struct MirrorCacheBounds {
  std::int64_t max_bytes = std::int64_t{20} << 30;  // 20 GiB
  std::chrono::seconds max_age = std::chrono::hours(24 * 30);
};

struct MirrorEviction {
  std::vector<std::string> removed;      // mirror folder names, least recently used first
  std::vector<std::string> kept_in_use;  // over a bound but locked by a build
  std::int64_t bytes_after = 0;          // what the cache's mirrors hold afterwards
};

Result<MirrorEviction> evict_git_mirrors(const std::filesystem::path& cache_root, const MirrorCacheBounds& bounds,
                                         std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now());

}  // namespace kiln
