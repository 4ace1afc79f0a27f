#include "registry/registry_reader.hpp"

#include <algorithm>

#include "plugins/buildpack_descriptor.hpp"
#include "registry/ed25519_keys.hpp"
#include "registry/registry_layout.hpp"
#include "sources/bundle_download.hpp"
#include "sources/scratch_folder.hpp"

namespace kiln::registry {
namespace fs = std::filesystem;
namespace {

constexpr std::uint64_t kMaxIndexBytes = 16ull << 20;

bool is_absolute_url(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

// Package urls are paths inside the registry: a relative one may not climb out of it.
bool stays_inside(const std::string& relative) {
  return !relative.empty() && relative.front() != '/' && relative.find("..") == std::string::npos &&
         relative.find('\\') == std::string::npos;
}

}  // namespace

RegistryReader::RegistryReader(RegistrySettings settings, std::string ca_bundle_file)
    : settings_(std::move(settings)), ca_bundle_file_(std::move(ca_bundle_file)) {}

std::string RegistryReader::url_of(const std::string& relative) const {
  auto base = settings_.location;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + relative;
}

Result<std::string> RegistryReader::read_text(const std::string& relative, std::uint64_t max_bytes) const {
  if (!settings_.is_http()) {
    const auto file = settings_.folder() / relative;
    std::error_code ec;
    if (!fs::exists(file, ec)) return Error{ErrorCode::NotFound, "registry " + settings_.name + ": no " + relative};
    return read_whole_file(file);
  }
  ScratchFolder scratch("kiln-registry");
  if (scratch.path().empty()) return Error{ErrorCode::StorageFailed, "cannot make a temporary folder"};
  DownloadOptions options;
  options.max_bytes = max_bytes;
  options.ca_bundle_file = ca_bundle_file_;
  options.timeout = std::chrono::seconds(60);
  auto got = download_bundle(url_of(relative), scratch.path() / "body", options);
  if (!got) return got.error().with_context("registry " + settings_.name);
  return read_whole_file(got->path);
}

Result<std::vector<std::string>> RegistryReader::ids() const {
  auto text = read_text(kIdsFile, kMaxIndexBytes);
  if (!text) {
    if (text.error().code == ErrorCode::NotFound) return std::vector<std::string>{};  // an empty registry
    return text.error();
  }
  std::vector<std::string> ids;
  std::string line;
  for (char c : *text + "\n") {
    if (c != '\n') {
      line += c;
      continue;
    }
    // Ids name files of the registry: anything else in the list (a path, a typo) is passed over.
    if (is_valid_buildpack_id(line)) ids.push_back(line);
    line.clear();
  }
  return ids;
}

Result<std::vector<IndexEntry>> RegistryReader::versions(const std::string& id) const {
  auto ids = this->ids();
  if (!ids) return ids.error();
  if (std::find(ids->begin(), ids->end(), id) == ids->end()) return std::vector<IndexEntry>{};
  auto text = read_text(index_path(id), kMaxIndexBytes);
  if (!text) return text.error();
  return parse_index_file(*text, id, "registry " + settings_.name + " " + index_path(id));
}

Status RegistryReader::fetch_package(const IndexEntry& entry, const fs::path& dest) const {
  const auto name = package_name(entry);
  if (!is_absolute_url(entry.url) && !stays_inside(entry.url))
    return Error{ErrorCode::InvalidBundle, name + ": refused, its url '" + entry.url + "' leaves the registry"};
  if (!settings_.is_http() && !is_absolute_url(entry.url)) {
    std::error_code ec;
    fs::copy_file(settings_.folder() / entry.url, dest, fs::copy_options::overwrite_existing, ec);
    if (ec) return Error{ErrorCode::FetchFailed, name + ": cannot copy " + (settings_.folder() / entry.url).string() + " (" + ec.message() + ")"};
    return Ok{};
  }
  DownloadOptions options;
  options.max_bytes = entry.size;  // a body larger than the index says stops as it arrives
  options.ca_bundle_file = ca_bundle_file_;
  auto got = download_bundle(is_absolute_url(entry.url) ? entry.url : url_of(entry.url), dest, options);
  if (!got) {
    if (got.error().code == ErrorCode::InvalidBundle)
      return Error{ErrorCode::InvalidBundle, name + ": refused, the package is larger than the " + std::to_string(entry.size) +
                                                 " bytes its index line says"};
    return got.error().with_context(name);
  }
  return Ok{};
}

}  // namespace kiln::registry
