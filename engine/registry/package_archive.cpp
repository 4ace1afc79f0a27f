#include "registry/package_archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

#include "authoring/buildpack_folder.hpp"
#include "registry/ed25519_keys.hpp"
#include "sources/bundle_extractor.hpp"

namespace kiln::registry {
namespace fs = std::filesystem;
namespace {

constexpr BundleLimits kPackageLimits{.max_total_bytes = 256ull << 20, .max_entry_bytes = 128ull << 20, .max_entries = 10000};

// What an author keeps beside a buildpack that a user never needs.
bool left_out(const fs::path& relative) {
  const auto first = relative.begin()->string();
  return first == "fixtures" || first == "expected" || first == "build" || first.front() == '.';
}

struct WriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};

}  // namespace

Result<PackedFile> pack_buildpack(const fs::path& dir, fs::path out) {
  auto descriptor = locate_buildpack(dir);
  if (!descriptor) return descriptor.error();
  const auto folder = std::optional<fs::path>(fs::path(descriptor->descriptor_file).parent_path());
  if (out.empty()) out = descriptor->id + "-" + descriptor->version + ".tar.gz";
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(*folder, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto relative = it->path().lexically_relative(*folder);
    if (left_out(relative)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink())
      return Error{ErrorCode::InvalidBuildpack, it->path().string() + ": a package holds no symlinks (copy the file)"};
    if (it->is_regular_file()) files.push_back(relative);
  }
  if (ec) return Error{ErrorCode::StorageFailed, folder->string() + ": cannot list (" + ec.message() + ")"};
  std::sort(files.begin(), files.end());  // the same folder packs to the same entries in the same order

  const fs::path partial = out.string() + ".partial";
  std::unique_ptr<archive, WriteFree> writer(archive_write_new());
  archive_write_add_filter_gzip(writer.get());
  archive_write_set_format_pax_restricted(writer.get());
  if (archive_write_open_filename(writer.get(), partial.c_str()) != ARCHIVE_OK)
    return Error{ErrorCode::StorageFailed, out.string() + ": cannot write (" + archive_error_string(writer.get()) + ")"};
  for (const auto& relative : files) {
    auto bytes = read_whole_file(*folder / relative);
    if (!bytes) return bytes.error();
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(entry.get(), relative.generic_string().c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    const auto perms = fs::status(*folder / relative).permissions();
    archive_entry_set_perm(entry.get(), (perms & fs::perms::owner_exec) != fs::perms::none ? 0755 : 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes->size()));
    archive_entry_set_mtime(entry.get(), 0, 0);  // reproducible: the same files, the same package
    if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK ||
        archive_write_data(writer.get(), bytes->data(), bytes->size()) != static_cast<la_ssize_t>(bytes->size())) {
      fs::remove(partial, ec);
      return Error{ErrorCode::StorageFailed, out.string() + ": cannot write " + relative.string()};
    }
  }
  if (archive_write_close(writer.get()) != ARCHIVE_OK) {
    fs::remove(partial, ec);
    return Error{ErrorCode::StorageFailed, out.string() + ": cannot finish the archive"};
  }
  fs::rename(partial, out, ec);
  if (ec) return Error{ErrorCode::StorageFailed, out.string() + ": " + ec.message()};
  return PackedFile{out, *descriptor, files.size()};
}

Result<OpenedPackage> open_package(const fs::path& package, const fs::path& dest) {
  auto extracted = extract_bundle(package, dest, kPackageLimits);
  if (!extracted) return extracted.error();
  auto descriptor = read_buildpack_descriptor(extracted->root);
  if (!descriptor) {
    std::error_code ec;
    fs::remove_all(dest, ec);
    return Error{ErrorCode::InvalidBuildpack, "the package's " + descriptor.error().message};
  }
  return OpenedPackage{extracted->root, *descriptor};
}

Result<std::string> package_platform(const OpenedPackage& package) {
  const auto& d = package.descriptor;
  if (d.kind != "native") return std::string{};
  if (!d.platforms.empty()) return d.platforms.front();
  std::ifstream library(d.source, std::ios::binary);
  unsigned char header[20] = {};
  if (!library.read(reinterpret_cast<char*>(header), sizeof header) || std::memcmp(header, "\x7f" "ELF", 4) != 0)
    return Error{ErrorCode::InvalidBuildpack, d.id + "@" + d.version + ": " + fs::path(d.source).filename().string() +
                                                  " is not an ELF library"};
  const unsigned machine = header[5] == 1 ? header[18] | (header[19] << 8) : (header[18] << 8) | header[19];
  const char* cpu = machine == 62 ? "x86_64" : machine == 183 ? "aarch64" : machine == 3 ? "i386" : "unknown";
  return std::string("linux-") + cpu + "-gnu";
}

}  // namespace kiln::registry
