#include "runners/build_context.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "runners/dockerignore.hpp"

namespace kiln {
namespace {

// A name the caller wants inside the context, in the form the tar will hold.
Result<std::string> context_path(const std::string& name, const std::string& what) {
  const std::string cleaned = clean_slash_path(name);
  if (name.empty() || cleaned == "." || cleaned.starts_with('/') || cleaned == ".." || cleaned.starts_with("../"))
    return Error{ErrorCode::InvalidPath, what + " \"" + name + "\" is not a relative path inside the build context"};
  return cleaned;
}

// A .dockerignore may be a symlink (to a shared ignore file, say), but only
// to something inside the context: a hostile repository must not make a
// build server read, and echo in error messages, a file from elsewhere.
Result<std::string> read_dockerignore(const std::filesystem::path& root) {
  constexpr std::uintmax_t kMaxBytes = 1 << 20;
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto path = root / ".dockerignore";
  if (!fs::exists(fs::symlink_status(path, ec))) return std::string();
  const auto real_root = fs::canonical(root, ec);
  const auto real = fs::canonical(path, ec);
  auto inside = [&] {
    auto r = real_root.begin(), p = real.begin();
    for (; r != real_root.end(); ++r, ++p)
      if (p == real.end() || *r != *p) return false;
    return true;
  };
  if (ec || !inside() || !fs::is_regular_file(real, ec))
    return Error{ErrorCode::InvalidDockerignore, path.string() + " must be a file inside the build context"};
  if (fs::file_size(real, ec) > kMaxBytes)
    return Error{ErrorCode::InvalidDockerignore, path.string() + " is larger than 1 MiB"};
  std::ifstream in(real, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return Error{ErrorCode::UnreadableContext, "cannot read " + path.string()};
  return text.str();
}

Error file_error(const std::string& path, const std::string& what) {
  return Error{ErrorCode::UnreadableContext, "\"" + path + "\" in the build context " + what};
}

}  // namespace

Result<std::unique_ptr<BuildContextStream>> BuildContextStream::open(Options options) {
  std::vector<InjectedFile> injected;
  std::set<std::string> injected_paths;
  auto inject = [&](const std::string& name, std::string content, const std::string& what) -> Status {
    auto path = context_path(name, what);
    if (!path) return path.error();
    if (!injected_paths.insert(*path).second)
      return Error{ErrorCode::InvalidPath, what + " \"" + name + "\" is given twice"};
    injected.push_back({*path, std::move(content)});
    return Ok{};
  };
  if (!options.dockerfile_text.empty()) {
    if (auto s = inject(options.dockerfile_name, std::move(options.dockerfile_text), "the Dockerfile name"); !s)
      return s.error();
  }
  for (auto& [name, content] : options.extra_files)
    if (auto s = inject(name, std::move(content), "the injected file"); !s) return s.error();

  auto text = options.dockerignore_text ? Result<std::string>(*options.dockerignore_text)
                                        : read_dockerignore(options.root);
  if (!text) return text.error();
  auto ignore = Dockerignore::parse(*text);
  if (!ignore) return ignore.error().with_context("build context " + options.root.string());
  ignore->always_include(".dockerignore");
  if (!options.dockerfile_name.empty()) {
    auto name = context_path(options.dockerfile_name, "the Dockerfile name");
    if (!name) return name.error();
    ignore->always_include(*name);
  }

  auto walker = ContextWalker::open(options.root, std::move(ignore).value(), std::move(injected_paths));
  if (!walker) return walker.error();
  std::unique_ptr<BuildContextStream> stream(new BuildContextStream(std::move(walker).value()));
  stream->injected_ = std::move(injected);
  stream->owner_uid_ = options.owner_uid;
  stream->owner_gid_ = options.owner_gid;
  if (auto started = stream->start_archive(options.gzip); !started) return started.error();
  return stream;
}

BuildContextStream::~BuildContextStream() {
  close_file();
  if (entry_) archive_entry_free(entry_);
  // Freeing closes the archive, which may still write: pending_ is alive here.
  if (archive_) archive_write_free(archive_);
}

Status BuildContextStream::start_archive(bool gzip) {
  pending_.reserve(kMaxBufferedBytes);
  chunk_.resize(kChunkBytes);
  archive_ = archive_write_new();
  entry_ = archive_entry_new();
  if (!archive_ || !entry_) return Error{ErrorCode::UnreadableContext, "cannot start a tar archive: out of memory"};
  // pax only where ustar falls short (long names, huge files), so the common
  // case is plain ustar that every engine reads.
  if (archive_write_set_format_pax_restricted(archive_) != ARCHIVE_OK) return archive_error("choosing the tar format");
  if (gzip) {
    if (archive_write_add_filter_gzip(archive_) != ARCHIVE_OK) return archive_error("adding gzip");
    // A timestamp in the gzip header would make two runs differ.
    archive_write_set_filter_option(archive_, "gzip", "timestamp", nullptr);
  }
  // No padding of the last block to 10 KiB: the two zero records end the tar.
  archive_write_set_bytes_in_last_block(archive_, 1);
  if (archive_write_open2(archive_, this, nullptr, &BuildContextStream::on_write, nullptr, nullptr) != ARCHIVE_OK)
    return archive_error("opening the tar stream");
  return Ok{};
}

ssize_t BuildContextStream::on_write(struct archive*, void* self, const void* data, std::size_t size) {
  auto* stream = static_cast<BuildContextStream*>(self);
  const auto* bytes = static_cast<const char*>(data);
  stream->pending_.insert(stream->pending_.end(), bytes, bytes + size);
  stream->peak_buffer_bytes_ = std::max(stream->peak_buffer_bytes_, stream->pending_.size() - stream->pending_offset_);
  return static_cast<ssize_t>(size);
}

Error BuildContextStream::archive_error(const std::string& doing) const {
  const char* why = archive_ ? archive_error_string(archive_) : nullptr;
  return Error{ErrorCode::UnreadableContext, "tar stream failed " + doing + ": " + (why ? why : "unknown libarchive error")};
}

Result<std::size_t> BuildContextStream::read(char* buffer, std::size_t n) {
  if (failure_) return *failure_;
  if (n == 0) return std::size_t{0};
  // One step of work at a time, and only once the previous output is read:
  // that is what keeps the buffer to one chunk however large the context.
  while (pending_offset_ == pending_.size()) {
    pending_.clear();
    pending_offset_ = 0;
    if (phase_ == Phase::done) return std::size_t{0};
    if (auto stepped = step(); !stepped) {
      failure_ = stepped.error();
      close_file();
      return *failure_;
    }
  }
  const std::size_t take = std::min(n, pending_.size() - pending_offset_);
  std::memcpy(buffer, pending_.data() + pending_offset_, take);
  pending_offset_ += take;
  bytes_produced_ += take;
  return take;
}

Status BuildContextStream::step() {
  if (file_fd_ >= 0) return send_file_chunk();
  if (text_) return send_text_chunk();
  switch (phase_) {
    case Phase::injected:
      if (next_injected_ == injected_.size()) {
        phase_ = Phase::walking;
        return Ok{};
      } else {
        const InjectedFile& file = injected_[next_injected_++];
        if (auto s = write_header(file.path, AE_IFREG, 0644, static_cast<std::int64_t>(file.content.size()), 0, nullptr);
            !s)
          return s;
        text_ = &file.content;
        text_sent_ = 0;
        return file.content.empty() ? send_text_chunk() : Status(Ok{});
      }
    case Phase::walking: {
      auto next = walker_.next();
      if (!next) return next.error();
      if (!*next) {
        phase_ = Phase::closing;
        return Ok{};
      }
      return begin_walked_entry(**next);
    }
    case Phase::closing:
      if (archive_write_close(archive_) != ARCHIVE_OK) return archive_error("finishing the tar");
      phase_ = Phase::done;
      return Ok{};
    case Phase::done:
      return Ok{};
  }
  return Ok{};
}

Status BuildContextStream::begin_walked_entry(const ContextEntry& entry) {
  const auto& st = entry.info;
  switch (entry.kind) {
    case ContextEntry::Kind::directory:
      return write_header(entry.path, AE_IFDIR, st.st_mode, 0, st.st_mtim.tv_sec, nullptr);
    case ContextEntry::Kind::symlink:
      return write_header(entry.path, AE_IFLNK, st.st_mode, 0, st.st_mtim.tv_sec, &entry.link_target);
    case ContextEntry::Kind::regular_file:
      break;
  }
  // O_NONBLOCK: should a fifo have been swapped in since the listing, opening
  // it must not hang the build.
  const int fd = ::openat(entry.parent_fd, entry.name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Ok{};  // deleted since the listing; docker skips it too
    return file_error(entry.path, std::string("cannot be read: ") + std::strerror(errno));
  }
  struct stat now {};
  if (::fstat(fd, &now) != 0 || !S_ISREG(now.st_mode)) {
    ::close(fd);
    return file_error(entry.path, "stopped being a regular file while the context was being sent");
  }
  // The header carries the size of the file as opened; the data must match it.
  if (auto s = write_header(entry.path, AE_IFREG, now.st_mode, now.st_size, now.st_mtim.tv_sec, nullptr); !s) {
    ::close(fd);
    return s;
  }
  file_fd_ = fd;
  file_path_ = entry.path;
  file_size_ = static_cast<std::uint64_t>(now.st_size);
  file_sent_ = 0;
  return file_size_ == 0 ? send_file_chunk() : Status(Ok{});
}

Status BuildContextStream::write_header(const std::string& path, unsigned type, mode_t mode, std::int64_t size,
                                        std::int64_t mtime, const std::string* link_target) {
  archive_entry_clear(entry_);
  // Names go in as the file system's bytes (the "MBS" form): handing
  // libarchive 3.6 UTF-8 names makes it convert them to the locale's charset,
  // which crashes under the C locale on any non-ASCII name. As bytes, a name
  // that ustar cannot hold goes in a pax record, unchanged, as docker sends it
  // (marked hdrcharset=BINARY, which GNU tar reports and ignores).
  archive_entry_copy_pathname(entry_, path.c_str());
  archive_entry_set_filetype(entry_, type);
  archive_entry_set_perm(entry_, mode & 07777);
  archive_entry_set_size(entry_, size);
  archive_entry_set_mtime(entry_, static_cast<time_t>(mtime), 0);
  archive_entry_set_uid(entry_, owner_uid_);
  archive_entry_set_gid(entry_, owner_gid_);
  if (link_target) archive_entry_copy_symlink(entry_, link_target->c_str());
  // ARCHIVE_WARN only says a name needed a pax record; the entry is written.
  if (archive_write_header(archive_, entry_) < ARCHIVE_WARN) return archive_error("writing the entry for \"" + path + "\"");
  ++entries_;
  return Ok{};
}

Status BuildContextStream::send_file_chunk() {
  if (file_sent_ < file_size_) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, file_size_ - file_sent_));
    ssize_t got;
    do got = ::read(file_fd_, chunk_.data(), want);
    while (got < 0 && errno == EINTR);
    if (got < 0) return file_error(file_path_, std::string("cannot be read: ") + std::strerror(errno));
    if (got == 0)
      return file_error(file_path_, "shrank from " + std::to_string(file_size_) + " to " + std::to_string(file_sent_) +
                                        " bytes while the context was being sent");
    if (archive_write_data(archive_, chunk_.data(), static_cast<std::size_t>(got)) < 0)
      return archive_error("writing the data of \"" + file_path_ + "\"");
    file_sent_ += static_cast<std::uint64_t>(got);
    if (file_sent_ < file_size_) return Ok{};
  }
  // The tar header already promised a size; a file that kept growing would
  // be cut short silently, so say so instead, as docker does.
  char probe;
  ssize_t extra;
  do extra = ::read(file_fd_, &probe, 1);
  while (extra < 0 && errno == EINTR);
  if (extra > 0)
    return file_error(file_path_, "grew past " + std::to_string(file_size_) + " bytes while the context was being sent");
  close_file();
  ++files_;
  return Ok{};
}

Status BuildContextStream::send_text_chunk() {
  const std::size_t take = std::min(kChunkBytes, text_->size() - text_sent_);
  if (take > 0 && archive_write_data(archive_, text_->data() + text_sent_, take) < 0)
    return archive_error("writing an injected file");
  text_sent_ += take;
  if (text_sent_ == text_->size()) {
    text_ = nullptr;
    ++files_;
  }
  return Ok{};
}

void BuildContextStream::close_file() {
  if (file_fd_ >= 0) ::close(file_fd_);
  file_fd_ = -1;
}

}  // namespace kiln
