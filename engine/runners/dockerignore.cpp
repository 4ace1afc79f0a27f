#include "runners/dockerignore.hpp"

namespace kiln {
namespace {

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// The walker hands over clean paths; cleaning them again for every pattern
// would cost an allocation per file.
bool is_clean(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const auto part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

Result<Dockerignore> Dockerignore::parse(std::string_view text) {
  Dockerignore ignore;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    // Docker looks for '#' before trimming: "  #x" is a pattern, not a comment.
    if (line.starts_with('#')) continue;
    line = trim(line);
    if (line.empty()) continue;

    const bool exception = line.front() == '!';
    if (exception) line = trim(line.substr(1));
    std::string pattern;
    if (!line.empty()) {
      pattern = clean_slash_path(line);
      if (pattern.size() > 1 && pattern.front() == '/') pattern.erase(0, 1);
    }
    // Docker cleans the pattern a second time with its '!' attached; "!/"
    // collapses to "!" there and is refused, so it is refused here too.
    if (exception) {
      pattern = clean_slash_path("!" + pattern);
      if (pattern == "!")
        return Error{ErrorCode::InvalidDockerignore, ".dockerignore line " + std::to_string(number) +
                                                 ": illegal exclusion pattern \"!\" (an exception needs a path)"};
      pattern.erase(0, 1);
    }
    auto compiled = IgnorePattern::compile(std::move(pattern), exception);
    if (!compiled)
      return Error{ErrorCode::InvalidDockerignore,
                   ".dockerignore line " + std::to_string(number) + ": " + compiled.error().message};
    ignore.has_exceptions_ = ignore.has_exceptions_ || exception;
    ignore.patterns_.push_back(std::move(compiled).value());
  }
  return ignore;
}

void Dockerignore::always_include(std::string_view path) {
  patterns_.push_back(IgnorePattern::literal(clean_slash_path(path), true));
  has_exceptions_ = true;
}

bool Dockerignore::excluded(std::string_view path) const {
  if (patterns_.empty()) return false;
  std::string cleaned;
  if (!is_clean(path)) {
    cleaned = clean_slash_path(path);
    if (cleaned == ".") return false;  // the root itself is never excluded
    path = cleaned;
  }
  bool matched = false;
  for (const auto& pattern : patterns_) {
    // Only a pattern that would flip the answer needs to be evaluated.
    if (pattern.exception() != matched) continue;
    bool match = pattern.matches(path);
    for (auto slash = path.find('/'); !match && slash != std::string_view::npos; slash = path.find('/', slash + 1))
      match = pattern.matches(path.substr(0, slash));
    if (match) matched = !pattern.exception();
  }
  return matched;
}

bool Dockerignore::may_reinclude_below(std::string_view dir) const {
  if (!has_exceptions_) return false;
  const std::string cleaned = clean_slash_path(dir);
  if (cleaned == ".") return true;
  for (const auto& pattern : patterns_)
    if (pattern.exception() && pattern.could_match_below(cleaned)) return true;
  return false;
}

}  // namespace kiln
