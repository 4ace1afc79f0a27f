#include "runners/small_tar.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace kiln {
namespace {

bool is_plain_relative_path(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.find('\0') != std::string::npos) return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    auto part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

la_ssize_t append_to_string(struct archive*, void* out, const void* data, std::size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

}  // namespace

Result<std::string> small_tar(const std::vector<TarMember>& members, unsigned uid, unsigned gid) {
  std::string out;
  std::unique_ptr<struct archive, decltype(&archive_write_free)> tar(archive_write_new(), archive_write_free);
  std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
  if (!tar || !entry) return Error{ErrorCode::UnreadableContext, "cannot start a tar archive: out of memory"};
  auto failed = [&](const std::string& doing) {
    const char* why = archive_error_string(tar.get());
    return Error{ErrorCode::UnreadableContext, "tar " + doing + ": " + (why ? why : "unknown libarchive error")};
  };
  if (archive_write_set_format_pax_restricted(tar.get()) != ARCHIVE_OK) return failed("format");
  archive_write_set_bytes_in_last_block(tar.get(), 1);
  if (archive_write_open2(tar.get(), &out, nullptr, append_to_string, nullptr, nullptr) != ARCHIVE_OK)
    return failed("open");
  for (const auto& member : members) {
    if (!is_plain_relative_path(member.path))
      return Error{ErrorCode::InvalidPath, "tar member \"" + member.path + "\" is not a plain relative path"};
    const bool directory = member.kind == TarMember::Kind::Directory;
    archive_entry_clear(entry.get());
    archive_entry_copy_pathname(entry.get(), member.path.c_str());
    archive_entry_set_filetype(entry.get(), directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(entry.get(), member.mode & 07777);
    archive_entry_set_size(entry.get(), directory ? 0 : static_cast<la_int64_t>(member.content.size()));
    archive_entry_set_uid(entry.get(), uid);
    archive_entry_set_gid(entry.get(), gid);
    archive_entry_set_mtime(entry.get(), 0, 0);
    if (archive_write_header(tar.get(), entry.get()) < ARCHIVE_WARN) return failed("header of " + member.path);
    if (!directory && !member.content.empty() &&
        archive_write_data(tar.get(), member.content.data(), member.content.size()) < 0)
      return failed("data of " + member.path);
  }
  if (archive_write_close(tar.get()) != ARCHIVE_OK) return failed("close");
  return out;
}

}  // namespace kiln
