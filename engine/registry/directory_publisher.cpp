#include "registry/directory_publisher.hpp"

#include <algorithm>
#include <fstream>

#include "registry/ed25519_keys.hpp"
#include "registry/folder_lock.hpp"
#include "registry/package_archive.hpp"
#include "registry/registry_layout.hpp"
#include "service/utc_timestamp.hpp"
#include "sources/scratch_folder.hpp"
#include "sources/sha256_hasher.hpp"

namespace kiln::registry {
namespace fs = std::filesystem;
namespace {

Status write_replacing(const fs::path& file, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  const fs::path partial = file.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) return Error{ErrorCode::StorageFailed, partial.string() + ": cannot write"};
  }
  fs::rename(partial, file, ec);
  if (ec) return Error{ErrorCode::StorageFailed, file.string() + ": " + ec.message()};
  return Ok{};
}

Result<std::vector<IndexEntry>> read_index(const fs::path& registry, const std::string& id) {
  const auto file = registry / index_path(id);
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::vector<IndexEntry>{};
  auto text = read_whole_file(file);
  if (!text) return text.error();
  return parse_index_file(*text, id, file.string());
}

Status add_id(const fs::path& registry, const std::string& id) {
  std::string ids;
  if (fs::exists(registry / kIdsFile)) {
    auto text = read_whole_file(registry / kIdsFile);
    if (!text) return text.error();
    ids = *text;
  }
  if (("\n" + ids).find("\n" + id + "\n") != std::string::npos) return Ok{};
  return write_replacing(registry / kIdsFile, ids + id + "\n");
}

}  // namespace

std::string sha256_of(const std::string& bytes) {
  Sha256Hasher hasher;
  hasher.update(bytes);
  return hasher.hex_digest();
}

std::string signature_beside(const fs::path& package) {
  auto text = read_whole_file(package.string() + ".sig");
  if (!text) return {};
  auto end = text->find_last_not_of(" \t\r\n");
  return end == std::string::npos ? std::string{} : text->substr(0, end + 1);
}

Result<IndexEntry> publish_to_directory(const fs::path& registry, const PublishRequest& request) {
  auto bytes = read_whole_file(request.package);
  if (!bytes) return bytes.error();
  ScratchFolder scratch("kiln-publish");
  if (scratch.path().empty()) return Error{ErrorCode::StorageFailed, "cannot make a temporary folder"};
  auto opened = open_package(request.package, scratch.path() / "package");
  if (!opened) return opened.error();
  const auto& d = opened->descriptor;
  auto platform = package_platform(*opened);
  if (!platform) return platform.error();
  const std::string name = d.id + "@" + d.version;
  if (!request.trust.empty()) {
    if (request.signature.empty())
      return Error{ErrorCode::InvalidConfig, name + ": refused, this registry takes signed packages only (kiln buildpacks sign FILE --key KEY)"};
    if (std::none_of(request.trust.begin(), request.trust.end(),
                     [&](const std::string& key) { return verify_signature(*bytes, request.signature, key); }))
      return Error{ErrorCode::InvalidConfig, name + ": refused, the signature is not by a key this registry trusts"};
  }
  std::error_code ec;
  fs::create_directories(registry, ec);
  FolderLock lock(registry);
  if (!lock.held()) return Error{ErrorCode::StorageFailed, registry.string() + ": cannot lock the registry"};
  auto entries = read_index(registry, d.id);
  if (!entries) return entries.error();
  for (const auto& e : *entries)
    if (e.version == d.version) return Error{ErrorCode::Conflict, name + " is already published (a version is published once; publish a new version)"};
  IndexEntry entry{d.id, d.version, d.api, d.kind, *platform, sha256_of(*bytes), bytes->size(), package_path(d.id, d.version),
                   request.signature, false, service::rfc3339_utc_ms(service::now_epoch_ms()), d.description, d.keywords};
  if (auto s = write_replacing(registry / entry.url, *bytes); !s) return s.error();
  entries->push_back(entry);
  if (auto s = write_replacing(registry / index_path(d.id), index_file_text(*entries)); !s) return s.error();
  if (auto s = add_id(registry, d.id); !s) return s.error();
  return entry;
}

Result<IndexEntry> set_yanked(const fs::path& registry, const std::string& id, const std::string& version, bool yanked) {
  FolderLock lock(registry);
  if (!lock.held()) return Error{ErrorCode::StorageFailed, registry.string() + ": cannot lock the registry"};
  auto entries = read_index(registry, id);
  if (!entries) return entries.error();
  for (auto& e : *entries)
    if (e.version == version) {
      e.yanked = yanked;
      if (auto s = write_replacing(registry / index_path(id), index_file_text(*entries)); !s) return s.error();
      return e;
    }
  return Error{ErrorCode::NotFound, id + "@" + version + " is not in " + registry.string()};
}

}  // namespace kiln::registry
