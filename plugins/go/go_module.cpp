#include "go_module.hpp"

#include <cctype>
#include <functional>
#include <sstream>

namespace kiln::go {
namespace {

constexpr std::size_t kMaxWordLength = 512;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string_view strip_comment(std::string_view line) {
  auto at = line.find("//");
  return at == std::string_view::npos ? line : line.substr(0, at);
}

// The first whitespace-separated word, without Go's optional quotes.
std::string first_word(std::string_view s) {
  s = trim(s);
  auto end = s.find_first_of(" \t");
  auto word = s.substr(0, end);
  if (word.size() >= 2 && (word.front() == '"' || word.front() == '`') && word.back() == word.front())
    word = word.substr(1, word.size() - 2);
  return std::string(word.substr(0, kMaxWordLength));
}

bool printable(std::string_view s) {
  for (char c : s)
    if (!std::isgraph(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

// Calls visit(directive, rest) for every directive, in blocks too: "require (" ... ")".
void for_each_directive(std::string_view text, const std::function<void(const std::string&, std::string_view)>& visit) {
  std::string block;  // the directive of an open "require (" ... ")" block
  std::istringstream in{std::string(text)};
  for (std::string raw; std::getline(in, raw);) {
    auto line = trim(strip_comment(raw));
    if (line.empty()) continue;
    if (!block.empty()) {
      if (line == ")") block.clear();
      else visit(block, line);
      continue;
    }
    auto space = line.find_first_of(" \t");
    auto directive = std::string(line.substr(0, space));
    auto rest = space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
    if (rest == "(") block = directive;
    else visit(directive, rest);
  }
}

std::string directive_word(std::string_view rest) {
  auto word = first_word(rest);
  return printable(word) ? word : std::string();
}

}  // namespace

std::optional<GoModule> parse_go_mod(std::string_view text) {
  GoModule module;
  bool found_module = false;
  for_each_directive(text, [&](const std::string& directive, std::string_view rest) {
    auto word = directive_word(rest);
    if (word.empty()) return;
    if (directive == "module") {
      module.path = word;
      found_module = true;
    } else if (directive == "go") {
      module.go_version = word;
    } else if (directive == "toolchain") {
      module.toolchain = word;
    } else if (directive == "require") {
      module.required.push_back(word);
    } else if (directive == "replace") {
      // "old [version] => new [version]": a new path starting with ./ or ../ is a folder.
      auto arrow = rest.find("=>");
      if (arrow == std::string_view::npos) return;
      auto target = first_word(rest.substr(arrow + 2));
      if (target.starts_with("./") || target.starts_with("../") || target == "." || target == "..")
        module.local_replacements.push_back(target);
    }
  });
  if (!found_module) return std::nullopt;
  return module;
}

std::optional<GoWorkspace> parse_go_work(std::string_view text) {
  GoWorkspace workspace;
  for_each_directive(text, [&](const std::string& directive, std::string_view rest) {
    auto word = directive_word(rest);
    if (word.empty()) return;
    if (directive == "use") workspace.uses.push_back(word);
    else if (directive == "go") workspace.go_version = word;
    else if (directive == "toolchain") workspace.toolchain = word;
  });
  if (workspace.uses.empty()) return std::nullopt;
  return workspace;
}

}  // namespace kiln::go
