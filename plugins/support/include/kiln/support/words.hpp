#pragma once
// Splitting a command or instruction line into blank-separated words.
#include <string_view>
#include <vector>

namespace kiln::support {

// Words separated by spaces or tabs; no quoting rules (callers read shapes, not shells).
inline std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    auto start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace kiln::support
