#include "sources/source_subdir.hpp"

#include <algorithm>

#include "core/character_count.hpp"
#include "core/path_parts.hpp"

namespace kiln {
namespace {

constexpr std::size_t kMaxSubdirLength = 4096;

Error invalid(std::string_view field, std::string_view why) {
  return Error{ErrorCode::InvalidSource, std::string(field) + " " + std::string(why)};
}

}  // namespace

Result<std::string> normalise_source_subdir(std::string_view subdir, std::string_view field) {
  if (character_count(subdir) > kMaxSubdirLength)
    return invalid(field, "is longer than " + std::to_string(kMaxSubdirLength) + " characters");
  for (char c : subdir) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return invalid(field, "must not contain control characters, line breaks or NUL");
  }
  if (!subdir.empty() && subdir.front() == '/')
    return invalid(field, "must be a path relative to the source root, not an absolute path");
  auto parts = path_parts(subdir);
  for (auto part : parts) {
    if (part == "..") return invalid(field, "must not contain '..'");
    // The repository's own metadata is not app source.
    if (part == ".git") return invalid(field, "must not point into '.git'");
  }
  return join_path_parts(parts);
}

Result<std::filesystem::path> resolve_source_subdir(const std::filesystem::path& root, const std::string& subdir,
                                                    std::string_view field) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto canonical_root = fs::canonical(root, ec);
  if (ec) return Error{ErrorCode::InvalidSource, "source folder " + root.string() + " cannot be read: " + ec.message()};
  if (subdir.empty()) return canonical_root;
  auto target = fs::canonical(canonical_root / subdir, ec);
  if (ec) return invalid(field, "'" + subdir + "' does not exist in the source");
  auto [root_end, inside] = std::mismatch(canonical_root.begin(), canonical_root.end(), target.begin(), target.end());
  if (root_end != canonical_root.end()) return invalid(field, "'" + subdir + "' leads outside the source (through a symlink)");
  if (!fs::is_directory(target, ec)) return invalid(field, "'" + subdir + "' is not a folder");
  return target;
}

}  // namespace kiln
