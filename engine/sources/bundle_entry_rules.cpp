#include "sources/bundle_entry_rules.hpp"

#include <vector>

namespace kiln {
namespace {

Error invalid_entry(std::string_view raw, std::string_view why) {
  return Error{ErrorCode::InvalidBundle, "bundle entry " + printable_entry_name(raw) + " " + std::string(why)};
}

bool has_control_character(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

std::string printable_entry_name(std::string_view name) {
  std::string out = "'";
  for (char c : name.substr(0, 200)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return out + (name.size() > 200 ? "...'" : "'");
}

Result<std::string> normalise_bundle_entry_name(std::string_view raw) {
  if (raw.size() > kMaxBundleEntryName)
    return invalid_entry(raw, "has a name longer than " + std::to_string(kMaxBundleEntryName) + " characters");
  if (has_control_character(raw)) return invalid_entry(raw, "has control characters in its name");
  if (!raw.empty() && raw.front() == '/') return invalid_entry(raw, "has an absolute name");
  std::string out;
  for (auto part : split_path(raw)) {
    if (part.empty() || part == ".") continue;
    if (part == "..") return invalid_entry(raw, "has '..' in its name");
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::optional<std::string> check_bundle_symlink_target(const std::string& entry, std::string_view target) {
  if (target.empty()) return std::string("is a symlink with an empty target");
  if (has_control_character(target)) return std::string("is a symlink whose target has control characters");
  if (target.front() == '/') return "is a symlink to an absolute path " + printable_entry_name(target);
  // Depth below the root of the folder holding the link, then walk the target.
  long depth = static_cast<long>(split_path(entry).size()) - 1;
  for (auto part : split_path(target)) {
    if (part.empty() || part == ".") continue;
    depth += part == ".." ? -1 : 1;
    if (depth < 0) return "is a symlink to " + printable_entry_name(target) + ", which leads outside the bundle";
  }
  return std::nullopt;
}

}  // namespace kiln
