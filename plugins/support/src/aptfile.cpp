#include "kiln/support/aptfile.hpp"

#include <algorithm>

#include <kiln/sdk/generator.hpp>

namespace kiln::support {
namespace {

constexpr std::size_t kMaxAptfileBytes = 64 * 1024;
constexpr std::size_t kMaxPackages = 100;

// Debian policy 5.6.1: lower case letters, digits, + - . ; at least two
// characters, starting with a letter or digit.
bool debian_package_name(std::string_view name) {
  if (name.size() < 2 || name.size() > 100) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '+' && c != '-' && c != '.'))) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> parse_aptfile(std::string_view text, std::string_view file_name) {
  std::vector<std::string> packages;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      auto word_start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
      if (i == word_start) continue;
      auto word = line.substr(word_start, i - word_start);
      if (!debian_package_name(word))
        throw sdk::BuildpackError(std::string(file_name) + ":" + std::to_string(line_number) + ": '" +
                                  std::string(word.substr(0, 80)) +
                                  "' is not a Debian package name; only package names are supported");
      if (std::find(packages.begin(), packages.end(), word) == packages.end()) packages.emplace_back(word);
      if (packages.size() > kMaxPackages)
        throw sdk::BuildpackError(std::string(file_name) + ": more than " + std::to_string(kMaxPackages) + " packages");
    }
  }
  return packages;
}

std::vector<std::string> read_aptfile(const sdk::SourceTree& tree) {
  if (!tree.exists("Aptfile")) return {};
  auto text = tree.read("Aptfile", kMaxAptfileBytes);
  if (!text) throw sdk::BuildpackError("Aptfile: not a readable file, or larger than 64 KiB");
  return parse_aptfile(*text, "Aptfile");
}

}  // namespace kiln::support
