#include "runners/context_walker.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kiln {
namespace {

Error unreadable(const std::string& what, int error_number) {
  return Error{ErrorCode::UnreadableContext, "cannot read " + what + " in the build context: " + std::strerror(error_number)};
}

std::string describe_folder(const std::string& prefix) {
  return prefix.empty() ? std::string("the context folder") : "the folder \"" + prefix.substr(0, prefix.size() - 1) + "\"";
}

}  // namespace

Result<ContextWalker> ContextWalker::open(const std::filesystem::path& root, Dockerignore ignore,
                                          std::set<std::string> skip) {
  // The root itself may be a symlink (a checkout behind a link is common);
  // everything below it is never followed.
  const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (e == ENOENT) return Error{ErrorCode::NotFound, "the build context folder " + root.string() + " does not exist"};
    if (e == ENOTDIR) return Error{ErrorCode::InvalidSource, "the build context " + root.string() + " is not a folder"};
    return Error{ErrorCode::UnreadableContext, "cannot open the build context " + root.string() + ": " + std::strerror(e)};
  }
  ContextWalker walker(root, std::move(ignore), std::move(skip));
  if (auto pushed = walker.push_folder(fd, ""); !pushed) return pushed.error();
  return walker;
}

ContextWalker::~ContextWalker() { close_all(); }

ContextWalker::ContextWalker(ContextWalker&& other) noexcept
    : root_(std::move(other.root_)),
      ignore_(std::move(other.ignore_)),
      skip_(std::move(other.skip_)),
      stack_(std::move(other.stack_)) {
  other.stack_.clear();
}

ContextWalker& ContextWalker::operator=(ContextWalker&& other) noexcept {
  if (this != &other) {
    close_all();
    root_ = std::move(other.root_);
    ignore_ = std::move(other.ignore_);
    skip_ = std::move(other.skip_);
    stack_ = std::move(other.stack_);
    other.stack_.clear();
  }
  return *this;
}

void ContextWalker::close_all() {
  for (auto& folder : stack_) ::close(folder.fd);
  stack_.clear();
}

// Takes ownership of `fd` whether or not listing succeeds.
Status ContextWalker::push_folder(int fd, std::string prefix) {
  // fdopendir owns the descriptor it is given, and the walk keeps using `fd`
  // for openat, so the listing gets its own copy.
  const int listing_fd = ::dup(fd);
  DIR* dir = listing_fd < 0 ? nullptr : ::fdopendir(listing_fd);
  if (!dir) {
    const int e = errno;
    if (listing_fd >= 0) ::close(listing_fd);
    ::close(fd);
    return unreadable(describe_folder(prefix), e);
  }
  Folder folder{fd, std::move(prefix), {}, 0};
  errno = 0;
  while (const dirent* item = ::readdir(dir)) {
    const std::string_view name = item->d_name;
    if (name != "." && name != "..") folder.names.emplace_back(name);
    errno = 0;
  }
  const int e = errno;
  ::closedir(dir);
  if (e != 0) {
    ::close(fd);
    return unreadable(describe_folder(folder.prefix), e);
  }
  std::sort(folder.names.begin(), folder.names.end());
  stack_.push_back(std::move(folder));
  return Ok{};
}

Result<std::optional<ContextEntry>> ContextWalker::next() {
  while (!stack_.empty()) {
    Folder& top = stack_.back();
    if (top.next == top.names.size()) {
      ::close(top.fd);
      stack_.pop_back();
      continue;
    }
    ContextEntry entry;
    entry.name = top.names[top.next++];
    entry.path = top.prefix + entry.name;
    entry.parent_fd = top.fd;
    if (skip_.contains(entry.path)) continue;
    if (::fstatat(top.fd, entry.name.c_str(), &entry.info, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;
      return unreadable("\"" + entry.path + "\"", errno);
    }
    const bool excluded = ignore_.excluded(entry.path);
    const mode_t mode = entry.info.st_mode;

    if (S_ISDIR(mode)) {
      if (excluded && !ignore_.may_reinclude_below(entry.path)) continue;
      const int fd = ::openat(top.fd, entry.name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) {
        if (errno == ENOENT) continue;
        return unreadable("the folder \"" + entry.path + "\"", errno);
      }
      // `top` dangles once the stack grows.
      if (auto pushed = push_folder(fd, entry.path + "/"); !pushed) return pushed.error();
      // An excluded folder is walked only for the exceptions inside it; like
      // docker, it gets no entry of its own.
      if (excluded) continue;
      entry.kind = ContextEntry::Kind::directory;
      return std::optional<ContextEntry>(std::move(entry));
    }
    if (excluded) continue;
    if (S_ISLNK(mode)) {
      std::string target(static_cast<std::size_t>(entry.info.st_size) + 1, '\0');
      for (;;) {
        const auto n = ::readlinkat(top.fd, entry.name.c_str(), target.data(), target.size());
        if (n < 0) {
          if (errno == ENOENT) {
            target.clear();
            break;
          }
          return unreadable("the symlink \"" + entry.path + "\"", errno);
        }
        if (static_cast<std::size_t>(n) < target.size()) {
          target.resize(static_cast<std::size_t>(n));
          break;
        }
        target.resize(target.size() * 2);  // the link changed since lstat; try again
      }
      if (target.empty()) continue;  // vanished
      entry.kind = ContextEntry::Kind::symlink;
      entry.link_target = std::move(target);
      return std::optional<ContextEntry>(std::move(entry));
    }
    if (S_ISREG(mode)) {
      entry.kind = ContextEntry::Kind::regular_file;
      return std::optional<ContextEntry>(std::move(entry));
    }
    // Sockets, fifos and devices mean nothing inside an image build.
  }
  return std::optional<ContextEntry>();
}

}  // namespace kiln
