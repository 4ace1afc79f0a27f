#include "authoring/text_diff.hpp"

#include <sstream>
#include <vector>

namespace kiln {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

std::string line_diff(const std::string& expected, const std::string& actual) {
  if (expected == actual) return {};
  const auto a = lines_of(expected), b = lines_of(actual);
  // Longest common subsequence table (expectations are small: a plan is a few hundred lines).
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  struct Line {
    char mark;
    const std::string* text;
  };
  std::vector<Line> script;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) script.push_back({' ', &a[i]}), ++i, ++j;
    else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) script.push_back({'-', &a[i++]});
    else script.push_back({'+', &b[j++]});
  }
  constexpr std::size_t kContext = 2;
  std::vector<bool> shown(script.size(), false);
  for (std::size_t k = 0; k < script.size(); ++k)
    if (script[k].mark != ' ')
      for (std::size_t m = k >= kContext ? k - kContext : 0; m < script.size() && m <= k + kContext; ++m) shown[m] = true;
  std::string out;
  bool gap = false;
  for (std::size_t k = 0; k < script.size(); ++k) {
    if (!shown[k]) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += "@@\n";
    gap = false;
    out += script[k].mark;
    out += ' ';
    out += *script[k].text;
    out += '\n';
  }
  return out;
}

}  // namespace kiln
