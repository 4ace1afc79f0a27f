#include "kiln/support/port_hint.hpp"

#include <array>
#include <charconv>

namespace kiln::support {
namespace {

// Each pattern is followed directly by the port number (after an optional quote).
constexpr std::array<std::string_view, 9> kPatterns = {
    "${PORT:-", "${PORT-", "${PORT:=", "${PORT=", "PORT=", "--port=", "--port ", "0.0.0.0:", "[::]:"};

std::optional<int> number_at(std::string_view text, std::size_t pos) {
  if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) ++pos;
  int port = 0;
  auto* first = text.data() + pos;
  auto [end, ec] = std::from_chars(first, text.data() + text.size(), port);
  if (ec != std::errc() || end == first || port < 1 || port > 65535) return std::nullopt;
  // "8080abc" is not a port; "8080}" , "8080\"", "8080 " are.
  if (end != text.data() + text.size()) {
    char next = *end;
    if ((next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')) return std::nullopt;
  }
  return port;
}

// "PORT=" must be a whole variable name: not the tail of "DB_PORT=".
bool starts_word(std::string_view text, std::size_t pos) {
  if (pos == 0) return true;
  char before = text[pos - 1];
  return !((before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') || (before >= '0' && before <= '9') ||
           before == '_');
}

std::optional<int> port_in_line(std::string_view line) {
  std::optional<int> best;
  std::size_t best_pos = std::string_view::npos;
  for (auto pattern : kPatterns) {
    for (auto pos = line.find(pattern); pos != std::string_view::npos && pos < best_pos;
         pos = line.find(pattern, pos + 1)) {
      if (pattern == "PORT=" && !starts_word(line, pos)) continue;
      if (auto port = number_at(line, pos + pattern.size())) {
        best = port;
        best_pos = pos;
        break;
      }
    }
  }
  return best;
}

}  // namespace

std::optional<int> port_hint(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    if (auto port = port_in_line(line)) return port;
  }
  return std::nullopt;
}

}  // namespace kiln::support
