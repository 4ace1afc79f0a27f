#pragma once
// Unpacks an app bundle (tar, tar.gz and the other compressions libarchive
// reads) into a folder. The bundle is hostile: nothing may land outside the
// folder (no "..", absolute names, hardlinks, devices, escaping symlinks), and
// the limits count the bytes actually written, so a small gzip bomb stops early.
#include <cstdint>
#include <filesystem>

#include "core/result.hpp"

namespace kiln {

struct BundleLimits {
  std::uint64_t max_total_bytes = 2ull << 30;
  std::uint64_t max_entry_bytes = 1ull << 30;
  std::size_t max_entries = 200000;
};

struct ExtractedBundle {
  // dest, or its only top-level folder when the bundle holds nothing else
  // (GitHub's tarballs wrap everything in "<repo>-<sha>/").
  std::filesystem::path root;
  std::size_t entries = 0;  // archive entries read
  std::uint64_t bytes = 0;  // file bytes written
};

// `dest` must not exist or be an empty folder; on any failure it is removed.
// Errors: invalid_bundle (naming the entry, or the limit hit, or "corrupt or
// truncated"), extract_failed (the disk: no space, no permission).
Result<ExtractedBundle> extract_bundle(const std::filesystem::path& archive_file, const std::filesystem::path& dest,
                                       const BundleLimits& limits);

}  // namespace kiln
