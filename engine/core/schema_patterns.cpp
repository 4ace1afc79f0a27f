#include "core/schema_patterns.hpp"

#include <array>
#include <utility>

namespace kiln {
namespace {

// A set of bytes, written like a regex class body: "A-Za-z0-9._-" (a '-' first or last is itself).
class ByteSet {
 public:
  constexpr explicit ByteSet(std::string_view spec) {
    for (std::size_t i = 0; i < spec.size(); ++i) {
      if (i + 2 < spec.size() && spec[i + 1] == '-') {
        for (int c = static_cast<unsigned char>(spec[i]); c <= static_cast<unsigned char>(spec[i + 2]); ++c) in_[c] = true;
        i += 2;
      } else {
        in_[static_cast<unsigned char>(spec[i])] = true;
      }
    }
  }
  constexpr bool has(char c) const { return in_[static_cast<unsigned char>(c)]; }
  constexpr bool all(std::string_view text) const {
    for (char c : text)
      if (!has(c)) return false;
    return true;
  }

 private:
  std::array<bool, 256> in_{};
};

constexpr ByteSet kPathBytes("A-Za-z0-9._+@/-");

// (?!(.{0,1024}/)?\.\.(/|$)) at the start of `text`: no `..` as a whole path
// component. The bound on the prefix never binds, as every caller also holds
// the text to at most 1024 bytes of kPathBytes (no line breaks, which `.` skips).
bool has_dot_dot_component(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '.' || text[i + 1] != '.') continue;
    const bool starts_component = i == 0 || text[i - 1] == '/';
    const bool ends_component = i + 2 == text.size() || text[i + 2] == '/';
    if (starts_component && ends_component) return true;
  }
  return false;
}

// ^/(?!(.{0,1024}/)?\.\.(/|$))[A-Za-z0-9._+@/-]{0,1023}$ : an absolute path.
bool absolute_path(std::string_view text) {
  if (text.empty() || text[0] != '/') return false;
  auto rest = text.substr(1);
  return rest.size() <= 1023 && kPathBytes.all(rest) && !has_dot_dot_component(rest);
}

// ^(?!(.{0,1024}/)?\.\.(/|$))[A-Za-z0-9._+@/-]{1,1024}$ : a path, relative or not.
bool any_path(std::string_view text) {
  return !text.empty() && text.size() <= 1024 && kPathBytes.all(text) && !has_dot_dot_component(text);
}

// ^(?!/)(?!(.{0,1024}/)?\.\.(/|$))[A-Za-z0-9._+@/-]{1,1024}$ : a path relative to the app.
bool relative_path(std::string_view text) { return any_path(text) && text[0] != '/'; }

// ^[^\n\r\u0000]{1,128}$ : one short line.
bool short_line(std::string_view text) {
  if (text.empty() || text.size() > 128) return false;
  for (char c : text)
    if (c == '\n' || c == '\r' || c == '\0') return false;
  return true;
}

// ^([A-Za-z0-9][A-Za-z0-9._/:@-]{0,511})?$ : an image reference, or nothing.
bool image_reference(std::string_view text) {
  static constexpr ByteSet first("A-Za-z0-9"), rest("A-Za-z0-9._/:@-");
  if (text.empty()) return true;
  return text.size() <= 512 && first.has(text[0]) && rest.all(text.substr(1));
}

// ^[a-z0-9][a-z0-9+.-]{1,127}(=[A-Za-z0-9.+~:-]{1,127})?$ : a Debian package, maybe pinned.
bool debian_package(std::string_view text) {
  static constexpr ByteSet first("a-z0-9"), name("a-z0-9+.-"), version("A-Za-z0-9.+~:-");
  // '=' is in neither the name's bytes nor the version's: the first one splits them.
  const auto equals = text.find('=');
  const auto package = text.substr(0, equals);
  if (package.size() < 2 || package.size() > 128 || !first.has(package[0]) || !name.all(package.substr(1))) return false;
  if (equals == std::string_view::npos) return true;
  const auto pin = text.substr(equals + 1);
  return !pin.empty() && pin.size() <= 127 && version.all(pin);
}

// ^[A-Za-z0-9._-]{1,128}$ : a name (a stage, a service).
bool plain_name(std::string_view text) {
  static constexpr ByteSet bytes("A-Za-z0-9._-");
  return !text.empty() && text.size() <= 128 && bytes.all(text);
}

// ^[A-Za-z_][A-Za-z0-9_]{0,255}$ : an environment variable's name.
bool variable_name(std::string_view text) {
  static constexpr ByteSet first("A-Za-z_"), rest("A-Za-z0-9_");
  return !text.empty() && text.size() <= 256 && first.has(text[0]) && rest.all(text.substr(1));
}

constexpr std::pair<std::string_view, PatternMatcher> kKnown[] = {
    {R"(^/(?!(.{0,1024}/)?\.\.(/|$))[A-Za-z0-9._+@/-]{0,1023}$)", absolute_path},
    {R"(^(?!(.{0,1024}/)?\.\.(/|$))[A-Za-z0-9._+@/-]{1,1024}$)", any_path},
    {R"(^(?!/)(?!(.{0,1024}/)?\.\.(/|$))[A-Za-z0-9._+@/-]{1,1024}$)", relative_path},
    {R"(^[^\n\r\u0000]{1,128}$)", short_line},
    {R"(^([A-Za-z0-9][A-Za-z0-9._/:@-]{0,511})?$)", image_reference},
    {R"(^[a-z0-9][a-z0-9+.-]{1,127}(=[A-Za-z0-9.+~:-]{1,127})?$)", debian_package},
    {R"(^[A-Za-z0-9._-]{1,128}$)", plain_name},
    {R"(^[A-Za-z_][A-Za-z0-9_]{0,255}$)", variable_name},
};

}  // namespace

PatternMatcher known_schema_pattern(std::string_view pattern) {
  for (const auto& [text, matcher] : kKnown)
    if (text == pattern) return matcher;
  return nullptr;
}

}  // namespace kiln
