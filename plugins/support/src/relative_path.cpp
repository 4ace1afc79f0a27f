#include "kiln/support/relative_path.hpp"

#include <vector>

#include <kiln/sdk/generator.hpp>

namespace kiln::support {
namespace {

// Long enough for any real layout, short enough that nobody smuggles a payload.
constexpr std::size_t kMaxPathLength = 512;

bool ordinary_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '+' || c == '@';
}

}  // namespace

std::optional<std::string> normalize_relative_path(std::string_view path) {
  if (path.empty() || path.size() > kMaxPathLength || path.front() == '/') return std::nullopt;
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    auto part = path.substr(start, end - start);
    start = end + 1;
    // "a//b" and a trailing '/' are harmless spellings; "." adds nothing.
    if (part.empty() || part == ".") continue;
    if (part == ".." || part.front() == '-') return std::nullopt;
    for (char c : part)
      if (!ordinary_char(c)) return std::nullopt;
    parts.push_back(part);
  }
  if (parts.empty()) return std::string(".");
  std::string out;
  for (auto part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string require_relative_path(std::string_view path, std::string_view what) {
  if (auto normalized = normalize_relative_path(path)) return *normalized;
  throw sdk::BuildpackError(std::string(what) + " '" + std::string(path.substr(0, kMaxPathLength)) +
                            "' is not allowed: it must be a relative path inside the app folder, without '..', "
                            "using only letters, digits and . _ - + @");
}

std::string join_relative_path(std::string_view base, std::string_view path) {
  if (base.empty() || base == ".") return std::string(path);
  if (path.empty() || path == ".") return std::string(base);
  return std::string(base) + "/" + std::string(path);
}

}  // namespace kiln::support
