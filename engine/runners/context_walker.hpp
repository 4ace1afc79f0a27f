#pragma once
// Walks a build context folder lazily, one entry per call, in a fixed order
// (pre-order, names sorted bytewise in each folder) so the same tree always
// yields the same tar. Only one folder's names are held per open level, never
// the whole tree.
//
// Nothing is followed: folders are opened relative to their parent with
// O_NOFOLLOW, so a symlink (even one swapped in mid-walk) is reported as a
// symlink and never leads out of the root. Sockets, fifos and devices are
// skipped, as docker skips them. An entry that vanishes between listing and
// reading is skipped too (docker logs and carries on); anything else that
// cannot be read is an error naming the path.
#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "runners/dockerignore.hpp"

namespace kiln {

struct ContextEntry {
  enum class Kind { directory, regular_file, symlink };
  Kind kind = Kind::regular_file;
  std::string path;          // root-relative, '/'-separated, no "..", no leading '/'
  struct stat info {};       // lstat of the entry when it was reached
  std::string link_target;   // for a symlink, verbatim
  // The open folder holding the entry and the entry's name in it, for
  // openat(); borrowed, valid until the next call to next().
  int parent_fd = -1;
  std::string name;
};

class ContextWalker {
 public:
  // `skip` holds paths that must not come from the tree (the caller sends its
  // own content under those names).
  static Result<ContextWalker> open(const std::filesystem::path& root, Dockerignore ignore,
                                    std::set<std::string> skip = {});
  ~ContextWalker();
  ContextWalker(ContextWalker&& other) noexcept;
  ContextWalker& operator=(ContextWalker&& other) noexcept;
  ContextWalker(const ContextWalker&) = delete;
  ContextWalker& operator=(const ContextWalker&) = delete;

  // The next entry to send, nullopt when the walk is over.
  Result<std::optional<ContextEntry>> next();

 private:
  struct Folder {
    int fd = -1;
    std::string prefix;              // "" for the root, else "a/b/"
    std::vector<std::string> names;  // sorted
    std::size_t next = 0;
  };
  ContextWalker(std::filesystem::path root, Dockerignore ignore, std::set<std::string> skip)
      : root_(std::move(root)), ignore_(std::move(ignore)), skip_(std::move(skip)) {}
  Status push_folder(int fd, std::string prefix);
  void close_all();

  std::filesystem::path root_;
  Dockerignore ignore_;
  std::set<std::string> skip_;
  std::vector<Folder> stack_;
};

}  // namespace kiln
