#include "sources/bundle_extractor.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "sources/bundle_entry_rules.hpp"

namespace kiln {
namespace fs = std::filesystem;
namespace {

// Entries are written by absolute name under the canonical destination (no symlink in its path),
// so NOABSOLUTEPATHS cannot be set; every entry name was checked relative and free of ".." first.
// SECURE_SYMLINKS then refuses to write through a link an earlier entry made.
constexpr int kExtractFlags =
    ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME;

Error invalid_bundle(const std::string& why) { return Error{ErrorCode::InvalidBundle, "bundle " + why}; }

Error entry_error(std::string_view name, const std::string& why) {
  return Error{ErrorCode::InvalidBundle, "bundle entry " + printable_entry_name(name) + " " + why};
}

std::string libarchive_message(archive* a) {
  const char* message = archive_error_string(a);
  return message ? message : "unknown error";
}

struct ReadCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};

// One extraction into `root`, a canonical folder.
class Extraction {
 public:
  Extraction(const fs::path& archive_file, const fs::path& root, const BundleLimits& limits)
      : archive_file_(archive_file), root_(root), limits_(limits) {}

  Status run() {
    reader_.reset(archive_read_new());
    writer_.reset(archive_write_disk_new());
    if (!reader_ || !writer_) return Error{ErrorCode::InvalidBundle, "out of memory starting libarchive"};
    archive_read_support_filter_all(reader_.get());
    archive_read_support_format_tar(reader_.get());
    archive_write_disk_set_options(writer_.get(), kExtractFlags);
    if (archive_read_open_filename(reader_.get(), archive_file_.c_str(), 64 * 1024) != ARCHIVE_OK)
      return invalid_bundle("is not a readable tar archive: " + libarchive_message(reader_.get()));
    while (true) {
      archive_entry* entry = nullptr;
      int r = archive_read_next_header(reader_.get(), &entry);
      if (r == ARCHIVE_EOF) break;
      if (r < ARCHIVE_WARN) return invalid_bundle("is corrupt or truncated: " + libarchive_message(reader_.get()));
      if (++entries_ > limits_.max_entries)
        return invalid_bundle("has more than " + std::to_string(limits_.max_entries) + " entries");
      if (auto written = extract_entry(entry); !written) return written;
    }
    // Folder modes and times are applied here, once their contents are written.
    if (archive_write_close(writer_.get()) < ARCHIVE_WARN)
      return Error{ErrorCode::InvalidBundle, "cannot finish writing the bundle: " + libarchive_message(writer_.get())};
    if (entries_ == 0) return invalid_bundle("holds no files");
    return Ok{};
  }

  std::size_t entries() const { return entries_; }
  std::uint64_t bytes() const { return bytes_; }
  const std::vector<std::string>& symlinks() const { return symlinks_; }

 private:
  Status extract_entry(archive_entry* entry) {
    const char* raw_name = archive_entry_pathname(entry);
    if (!raw_name) return invalid_bundle("has an entry whose name cannot be read");
    std::string_view raw(raw_name);
    auto name = normalise_bundle_entry_name(raw);
    if (!name) return name.error();
    if (archive_entry_hardlink(entry)) return entry_error(raw, "is a hardlink, which bundles may not hold");
    auto type = archive_entry_filetype(entry);
    if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK)
      return entry_error(raw, "is a device, fifo or socket, which bundles may not hold");
    if (name->empty()) return Ok{};  // "./": the root, which is dest itself
    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      if (auto bad = check_bundle_symlink_target(*name, target ? target : "")) return entry_error(raw, *bad);
      symlinks_.push_back(*name);
    }
    if (type == AE_IFREG && archive_entry_size_is_set(entry) &&
        static_cast<std::uint64_t>(archive_entry_size(entry)) > limits_.max_entry_bytes)
      return entry_error(raw, "is larger than the " + std::to_string(limits_.max_entry_bytes) + "-byte limit per file");

    // Plain mode bits only (no setuid, setgid, sticky), always readable and
    // writable by kiln itself; no owner, ACL, xattr or file flag is restored.
    auto perm = archive_entry_perm(entry) & 0777;
    archive_entry_set_perm(entry, perm | (type == AE_IFDIR ? 0700 : 0600));
    archive_entry_acl_clear(entry);
    archive_entry_xattr_clear(entry);
    archive_entry_set_fflags(entry, 0, 0);
    archive_entry_copy_pathname(entry, (root_ / *name).c_str());

    if (archive_write_header(writer_.get(), entry) < ARCHIVE_WARN)
      return entry_error(raw, "cannot be written: " + libarchive_message(writer_.get()));
    if (type == AE_IFREG)
      if (auto copied = copy_data(raw); !copied) return copied;
    if (archive_write_finish_entry(writer_.get()) < ARCHIVE_WARN)
      return entry_error(raw, "cannot be written: " + libarchive_message(writer_.get()));
    return Ok{};
  }

  // Counts what is written, by offset: the end of the data (holes included),
  // whatever the header claimed.
  Status copy_data(std::string_view raw) {
    std::uint64_t entry_end = 0;
    while (true) {
      const void* block = nullptr;
      std::size_t size = 0;
      la_int64_t offset = 0;
      int r = archive_read_data_block(reader_.get(), &block, &size, &offset);
      if (r == ARCHIVE_EOF) return Ok{};
      if (r < ARCHIVE_WARN) return invalid_bundle("is corrupt or truncated: " + libarchive_message(reader_.get()));
      std::uint64_t end = static_cast<std::uint64_t>(offset) + size;
      if (end > limits_.max_entry_bytes)
        return entry_error(raw, "is larger than the " + std::to_string(limits_.max_entry_bytes) + "-byte limit per file");
      if (end > entry_end) {
        bytes_ += end - entry_end;
        entry_end = end;
      }
      if (bytes_ > limits_.max_total_bytes)
        return invalid_bundle("unpacks to more than the " + std::to_string(limits_.max_total_bytes) + "-byte limit");
      if (archive_write_data_block(writer_.get(), block, size, offset) < ARCHIVE_WARN)
        return Error{ErrorCode::InvalidBundle, "cannot write bundle entry " + printable_entry_name(raw) + ": " +
                                           libarchive_message(writer_.get())};
    }
  }

  fs::path archive_file_;
  fs::path root_;
  BundleLimits limits_;
  std::unique_ptr<archive, ReadCloser> reader_;
  std::unique_ptr<archive, WriteCloser> writer_;
  std::size_t entries_ = 0;
  std::uint64_t bytes_ = 0;
  std::vector<std::string> symlinks_;
};

// Symlinks that passed the name check can still lead out through another
// symlink ("x/up -> .." then "y -> x/up/../.."): resolve each on disk.
Status check_symlinks_on_disk(const fs::path& dest, const std::vector<std::string>& symlinks) {
  auto root = fs::canonical(dest);
  for (const auto& name : symlinks) {
    std::error_code ec;
    auto resolved = fs::weakly_canonical(dest / name, ec);
    if (ec) return entry_error(name, "is a symlink that cannot be resolved (" + ec.message() + ")");
    auto [root_end, ignored] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
    if (root_end != root.end()) return entry_error(name, "is a symlink that leads outside the bundle");
  }
  return Ok{};
}

fs::path bundle_root(const fs::path& dest) {
  std::vector<fs::directory_entry> top(fs::directory_iterator(dest), fs::directory_iterator{});
  if (top.size() == 1 && top[0].is_directory() && !top[0].is_symlink()) return top[0].path();
  return dest;
}

Result<ExtractedBundle> extract_into(const fs::path& archive_file, const fs::path& dest, const BundleLimits& limits) {
  // No working-folder tricks (unshare is refused in containers under the default seccomp profile):
  // absolute names under the canonical destination.
  Extraction extraction(archive_file, fs::canonical(dest), limits);
  if (auto extracted = extraction.run(); !extracted) return extracted.error();
  if (auto checked = check_symlinks_on_disk(dest, extraction.symlinks()); !checked) return checked.error();
  return ExtractedBundle{bundle_root(dest), extraction.entries(), extraction.bytes()};
}

}  // namespace

Result<ExtractedBundle> extract_bundle(const fs::path& archive_file, const fs::path& dest, const BundleLimits& limits) {
  std::error_code ec;
  auto absolute_archive = fs::absolute(archive_file, ec);
  auto absolute_dest = fs::absolute(dest, ec);
  if (fs::exists(absolute_dest, ec) && (!fs::is_directory(absolute_dest, ec) || !fs::is_empty(absolute_dest, ec)))
    return Error{ErrorCode::InvalidBundle, "destination " + absolute_dest.string() + " exists and is not an empty folder"};
  fs::create_directories(absolute_dest, ec);
  if (ec) return Error{ErrorCode::InvalidBundle, "cannot create " + absolute_dest.string() + ": " + ec.message()};
  Result<ExtractedBundle> result = Error{ErrorCode::InvalidBundle, "not run"};
  try {
    result = extract_into(absolute_archive, absolute_dest, limits);
  } catch (const fs::filesystem_error& e) {
    result = Error{ErrorCode::InvalidBundle, std::string("cannot read the extracted bundle: ") + e.what()};
  }
  if (!result) fs::remove_all(absolute_dest, ec);
  return result;
}

}  // namespace kiln
