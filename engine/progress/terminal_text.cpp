#include "progress/terminal_text.hpp"

#include <cstdint>
#include <optional>

namespace kiln::progress {
namespace {

struct CodePoint {
  std::uint32_t value;
  std::size_t bytes;
};

// One UTF-8 sequence at the start of `text`; nullopt for a byte that starts none (or an overlong,
// surrogate or out-of-range one).
std::optional<CodePoint> decode(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80) return CodePoint{lead, 1};
  std::size_t bytes = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0;
  if (bytes == 0 || lead > 0xF4 || text.size() < bytes) return std::nullopt;
  std::uint32_t value = lead & (0xFF >> (bytes + 1));
  for (std::size_t i = 1; i < bytes; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (next & 0x3F);
  }
  static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < smallest[bytes] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return CodePoint{value, bytes};
}

bool is_wide(std::uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) || (c >= 0xAC00 && c <= 0xD7A3) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

// Length of the escape sequence at the start of `text` (which begins with ESC): CSI runs to its
// final byte, OSC/DCS/APC/PM to BEL or ESC '\', anything else is ESC and one character.
std::size_t escape_length(std::string_view text) {
  if (text.size() < 2) return text.size();
  const char kind = text[1];
  if (kind == '[') {
    std::size_t i = 2;
    while (i < text.size() && !(text[i] >= 0x40 && text[i] <= 0x7E)) ++i;
    return i < text.size() ? i + 1 : i;
  }
  if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') {
    for (std::size_t i = 2; i < text.size(); ++i) {
      if (text[i] == '\a') return i + 1;
      if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '\\') return i + 2;
    }
    return text.size();
  }
  return 2;
}

}  // namespace

std::string printable(std::string_view line) {
  while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (auto cr = line.rfind('\r'); cr != std::string_view::npos) line.remove_prefix(cr + 1);
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size();) {
    const char c = line[i];
    if (c == '\x1b') {
      i += escape_length(line.substr(i));
      continue;
    }
    if (c == '\t') {
      do out += ' ';
      while (++column % 8 != 0);
      ++i;
      continue;
    }
    auto point = decode(line.substr(i));
    if (!point) {
      out += '?';
      ++column;
      ++i;
      continue;
    }
    const bool control = point->value < 0x20 || point->value == 0x7F || (point->value >= 0x80 && point->value < 0xA0);
    if (!control) {
      out.append(line.substr(i, point->bytes));
      column += is_wide(point->value) ? 2 : 1;
    }
    i += point->bytes;
  }
  return out;
}

std::size_t columns(std::string_view text) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto point = decode(text.substr(i));
    total += point && is_wide(point->value) ? 2 : 1;
    i += point ? point->bytes : 1;
  }
  return total;
}

std::string fit(std::string_view text, std::size_t width) {
  if (columns(text) <= width) return std::string(text);
  if (width == 0) return {};
  std::string out;
  std::size_t used = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto point = decode(text.substr(i));
    const std::size_t bytes = point ? point->bytes : 1;
    const std::size_t wide = point && is_wide(point->value) ? 2 : 1;
    if (used + wide > width - 1) break;  // the last column is the ellipsis
    out.append(text.substr(i, bytes));
    used += wide;
    i += bytes;
  }
  return out + "\u2026";
}

}  // namespace kiln::progress
