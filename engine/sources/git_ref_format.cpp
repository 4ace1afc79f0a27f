#include "sources/git_ref_format.hpp"

#include "core/character_count.hpp"

namespace kiln {
namespace {

// Longer names are legal for git but no real branch needs them, and a cap keeps
// error messages and argv small.
constexpr std::size_t kMaxRefLength = 255;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// git check-ref-format's rule 4, 5 and 10: characters no ref name may hold.
std::optional<std::string> check_characters(std::string_view name) {
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return std::string("must not contain control characters or line breaks");
    switch (c) {
      case ' ': return std::string("must not contain spaces");
      case '~': case '^': case ':': case '?': case '*': case '[': case '\\':
        return std::string("must not contain '") + c + "'";
      default: break;
    }
  }
  return std::nullopt;
}

// Rule 1: no component starts with '.' or ends with ".lock"; rule 6: no empty component.
std::optional<std::string> check_components(std::string_view name) {
  std::size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    auto part = name.substr(start, end - start);
    if (part.empty()) return std::string("must not start or end with '/' or contain '//'");
    if (part.front() == '.') return std::string("must not have a part starting with '.'");
    if (ends_with(part, ".lock")) return std::string("must not have a part ending with '.lock'");
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> why_invalid(std::string_view name) {
  if (name.empty()) return std::string("is empty");
  if (character_count(name) > kMaxRefLength) return "is longer than " + std::to_string(kMaxRefLength) + " characters";
  // --branch: a leading '-' would read as an option on git's command line.
  if (name.front() == '-') return std::string("must not start with '-'");
  if (name == "@") return std::string("must not be '@'");
  if (name == "HEAD") return std::string("must not be 'HEAD' (leave it empty for the default branch)");
  if (auto bad = check_characters(name)) return bad;
  if (name.find("..") != std::string_view::npos) return std::string("must not contain '..'");
  if (name.find("@{") != std::string_view::npos) return std::string("must not contain '@{'");
  if (name.back() == '.') return std::string("must not end with '.'");
  return check_components(name);
}

}  // namespace

std::optional<std::string> check_git_branch_name(std::string_view name) {
  if (auto why = why_invalid(name)) return "is not a valid branch or tag name: it " + *why;
  return std::nullopt;
}

std::optional<std::string> check_git_commit_id(std::string_view commit) {
  bool hex = true;
  for (char c : commit) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
  if (!hex) return std::string("must be a commit id in hex digits");
  if (commit.size() < 4 || (commit.size() > 40 && commit.size() != 64))
    return std::string("must be 4 to 40 hex digits (or 64 for SHA-256 repositories)");
  return std::nullopt;
}

}  // namespace kiln
