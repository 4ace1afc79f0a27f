#include "requirement_name.hpp"

#include <cctype>

namespace kiln::python {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; }

}  // namespace

std::string normalize_name(std::string_view name) {
  std::string out;
  bool pending_separator = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      pending_separator = !out.empty();
      continue;
    }
    if (pending_separator) out += '-';
    pending_separator = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<Requirement> parse_requirement(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  std::size_t start = i;
  while (i < text.size() && name_char(text[i])) ++i;
  if (i == start || !std::isalnum(static_cast<unsigned char>(text[start]))) return std::nullopt;
  Requirement requirement{normalize_name(text.substr(start, i - start)), {}};
  while (i < text.size() && text[i] == ' ') ++i;
  if (i < text.size() && text[i] == '[') {
    auto close = text.find(']', i);
    if (close == std::string_view::npos) return requirement;
    auto list = text.substr(i + 1, close - i - 1);
    std::size_t from = 0;
    while (from <= list.size()) {
      auto comma = list.find(',', from);
      if (comma == std::string_view::npos) comma = list.size();
      auto extra = trim(list.substr(from, comma - from));
      if (!extra.empty()) requirement.extras.insert(normalize_name(extra));
      from = comma + 1;
    }
  }
  return requirement;
}

}  // namespace kiln::python
