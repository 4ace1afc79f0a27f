#pragma once
// The build context as a tar stream, pulled a buffer at a time: the shape of
// libcurl's CURLOPT_READFUNCTION, for the body of the Docker Engine API's
// POST /build. The tree is walked lazily and file data goes through in
// chunks, so memory stays flat whatever the size of the context; the tar is
// the same bytes for the same tree (sorted entries, one owner for all, mtimes in
// whole seconds, injected files dated 1970).
//
// What is sent follows `docker build`: the root's .dockerignore applies, but
// .dockerignore and the Dockerfile always go; symlinks go as symlinks and are
// never followed; sockets, fifos and devices are left out; modes and mtimes
// are kept, owners are reset (to root, unless Options say otherwise).
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "runners/context_walker.hpp"

struct archive;
struct archive_entry;

namespace kiln {

class BuildContextStream {
 public:
  struct Options {
    std::filesystem::path root{};
    // Where the Dockerfile sits in the context (the /build `dockerfile`
    // parameter); sent even when .dockerignore matches it. Empty: none.
    std::string dockerfile_name = "Dockerfile";
    // When not empty, sent as the file at dockerfile_name in place of the tree's.
    std::string dockerfile_text{};
    // More files to send (path in the context -> content), each replacing a
    // tree file of the same path.
    std::vector<std::pair<std::string, std::string>> extra_files{};
    // When set, used instead of the root's .dockerignore (which is still sent).
    std::optional<std::string> dockerignore_text{};
    // gzip the tar; the engine detects compression by itself.
    bool gzip = false;
    // Owner of every entry. The engine's build wants root (0); a tar that a
    // non-root user must read after it is unpacked (the source handed to a
    // helper container) carries that user's ids.
    unsigned owner_uid = 0;
    unsigned owner_gid = 0;
  };

  // File data is read and archived this much at a time.
  static constexpr std::size_t kChunkBytes = 64 * 1024;
  // What the stream may hold between two reads: one chunk plus libarchive's
  // blocking and headers (long names and link targets go in pax headers).
  static constexpr std::size_t kMaxBufferedBytes = 192 * 1024;

  // Reads and checks the .dockerignore and the injected names; walks nothing yet.
  static Result<std::unique_ptr<BuildContextStream>> open(Options options);
  ~BuildContextStream();
  BuildContextStream(const BuildContextStream&) = delete;
  BuildContextStream& operator=(const BuildContextStream&) = delete;

  // Fills up to `n` bytes of `buffer`; 0 means the tar is complete. An Error
  // (a file unreadable, or changed size while being sent) names the file and
  // is returned again by every later call. A CURLOPT_READFUNCTION returns
  // the count as is, and CURL_READFUNC_ABORT on an Error (kept for the report).
  Result<std::size_t> read(char* buffer, std::size_t n);

  std::uint64_t bytes_produced() const { return bytes_produced_; }
  // Regular files sent, injected ones included.
  std::uint64_t files() const { return files_; }
  // Every tar entry: folders, files and symlinks.
  std::uint64_t entries() const { return entries_; }
  // The most the stream has held at once; stays under kMaxBufferedBytes.
  std::size_t peak_buffer_bytes() const { return peak_buffer_bytes_; }

 private:
  enum class Phase { injected, walking, closing, done };
  struct InjectedFile {
    std::string path;
    std::string content;
  };

  explicit BuildContextStream(ContextWalker walker) : walker_(std::move(walker)) {}
  Status start_archive(bool gzip);
  Status step();
  Status begin_walked_entry(const ContextEntry& entry);
  Status write_header(const std::string& path, unsigned type, mode_t mode, std::int64_t size, std::int64_t mtime,
                      const std::string* link_target);
  Status send_file_chunk();
  Status send_text_chunk();
  void close_file();
  Error archive_error(const std::string& doing) const;
  static ssize_t on_write(struct archive*, void* self, const void* data, std::size_t size);

  ContextWalker walker_;
  unsigned owner_uid_ = 0;
  unsigned owner_gid_ = 0;
  std::vector<InjectedFile> injected_;
  std::size_t next_injected_ = 0;
  Phase phase_ = Phase::injected;

  struct archive* archive_ = nullptr;
  struct archive_entry* entry_ = nullptr;

  // Tar bytes made but not yet read; a read() drains it before any more work.
  std::vector<char> pending_;
  std::size_t pending_offset_ = 0;
  std::vector<char> chunk_;

  // The file whose data is being sent, if any.
  int file_fd_ = -1;
  std::string file_path_;
  std::uint64_t file_size_ = 0;
  std::uint64_t file_sent_ = 0;
  // The injected content being sent, if any.
  const std::string* text_ = nullptr;
  std::size_t text_sent_ = 0;

  std::optional<Error> failure_;
  std::uint64_t bytes_produced_ = 0;
  std::uint64_t files_ = 0;
  std::uint64_t entries_ = 0;
  std::size_t peak_buffer_bytes_ = 0;
};

}  // namespace kiln
