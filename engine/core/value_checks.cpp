#include "core/value_checks.hpp"

#include <regex>

namespace kiln {
namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_path_char(char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '@' || c == '/'; }

std::string quoted(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\n') out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20) out += '?';
    else out += c;
    if (out.size() > 80) { out += "..."; break; }
  }
  return out + "'";
}

std::optional<std::string> check_path_body(std::string_view what, std::string_view path) {
  for (char c : path)
    if (!is_path_char(c))
      return std::string(what) + " " + quoted(path) +
             " has a character kiln does not accept in paths (use letters, digits, . _ - + @ /)";
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return std::string(what) + " " + quoted(path) + " must not contain '..'";
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_env_name(std::string_view name) {
  bool ok = !name.empty() && !(name[0] >= '0' && name[0] <= '9') && name.size() <= 256;
  for (char c : name) ok = ok && (is_alnum(c) || c == '_');
  if (ok) return std::nullopt;
  return "invalid variable name " + quoted(name) + " (letters, digits and '_', not starting with a digit)";
}

std::optional<std::string> check_single_line(std::string_view what, std::string_view value) {
  for (char c : value)
    if (c == '\n' || c == '\r' || c == '\0')
      return std::string(what) + " contains a line break or NUL, which a Dockerfile line cannot carry";
  return std::nullopt;
}

std::optional<std::string> check_relative_path(std::string_view what, std::string_view path) {
  if (path.empty()) return std::string(what) + " is empty";
  if (path.front() == '/') return std::string(what) + " " + quoted(path) + " must be relative to the app folder";
  return check_path_body(what, path);
}

std::optional<std::string> check_image_path(std::string_view what, std::string_view path) {
  if (path.empty()) return std::string(what) + " is empty";
  return check_path_body(what, path);
}

std::optional<std::string> check_package_name(std::string_view name) {
  auto eq = name.find('=');
  auto pkg = name.substr(0, eq);
  bool ok = pkg.size() >= 2 && is_alnum(pkg[0]);
  for (char c : pkg) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
  if (eq != std::string_view::npos) {
    auto version = name.substr(eq + 1);
    ok = ok && !version.empty();
    for (char c : version) ok = ok && (is_alnum(c) || c == '.' || c == '+' || c == '~' || c == ':' || c == '-');
  }
  if (ok) return std::nullopt;
  return "invalid Debian package name " + quoted(name);
}

std::optional<std::string> check_image_reference(std::string_view reference) {
  // Only the engine's own grammar: anything else it refuses (400) or, for a path such as "a/" that
  // is not clean, redirects; either way the reference names nothing.
  static const std::regex grammar(kImageReferencePattern);
  if (!reference.empty() && reference.size() <= kImageReferenceMaxLength &&
      std::regex_match(reference.begin(), reference.end(), grammar))
    return std::nullopt;
  return "invalid image reference " + quoted(reference) +
         " (e.g. \"app:1.0\", \"registry:5000/team/app\"; repository names are lower case)";
}

std::optional<std::string> check_port(long long port) {
  if (port >= 1 && port <= 65535) return std::nullopt;
  return "port " + std::to_string(port) + " is outside 1..65535";
}

std::optional<std::string> check_app_name(std::string_view name) {
  if (name.empty() || name.size() > 63) return "must be 1 to 63 characters";
  if (!is_alnum(name.front())) return "must start with a letter or a digit";
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return "may hold only lower-case letters, digits, '.', '_' and '-'";
  return std::nullopt;
}

}  // namespace kiln
