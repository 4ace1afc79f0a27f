#pragma once
// One .dockerignore pattern, compiled once and matched against '/'-separated
// paths relative to the context root. The semantics are Docker's
// (moby/patternmatcher), quirks included, so a context holds exactly what
// `docker build` would send: a pattern is anchored at the root, '*' and '?'
// stay inside one segment, '**' spans segments, '[a-z]' and '\' escapes follow
// Go's filepath.Match.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace kiln {

// Go's path.Clean for '/'-separated paths: the one normal form that patterns
// and paths are compared in ("./a//b/../c/" -> "a/c", "" -> ".").
std::string clean_slash_path(std::string_view path);

class IgnorePattern {
 public:
  // `text` is the pattern after cleaning, without its leading '!'.
  static Result<IgnorePattern> compile(std::string text, bool exception);
  // A pattern that matches exactly `path` (and what lies below it), whatever
  // characters the path holds.
  static IgnorePattern literal(std::string path, bool exception);

  // Does the pattern match this cleaned path (not its parents)?
  bool matches(std::string_view path) const;
  // Could the pattern match some path strictly below `dir`? May answer yes
  // when the true answer is no, never the other way round.
  bool could_match_below(std::string_view dir) const;

  const std::string& text() const { return text_; }
  bool exception() const { return exception_; }

 private:
  // Docker picks a cheap string comparison when the pattern allows it; the
  // "suffix" shortcut differs from the general matcher ("**foo" matches
  // "xfoo"), so the distinction is kept to stay faithful.
  enum class Kind : std::uint8_t { exact, prefix, suffix, general };
  enum class Op : std::uint8_t {
    literal,  // one character
    any_one,  // '?': one character, not '/'
    any_run,  // '*': any run of characters without '/'
    klass,    // '[...]'
    any_dirs, // '**' before more pattern: nothing, or anything ending in '/'
    any_tail, // '**' at the end: anything
  };
  struct Token {
    Op op;
    char32_t ch = 0;          // for literal
    std::uint32_t klass = 0;  // index into classes_
  };
  struct CharClass {
    bool negated = false;
    std::vector<std::pair<char32_t, char32_t>> ranges;
    bool contains(char32_t c) const;
  };

  IgnorePattern() = default;
  bool run(std::size_t begin, std::size_t end, std::string_view text) const;
  bool token_accepts(const Token& token, char32_t c) const;

  std::string text_;
  bool exception_ = false;
  Kind kind_ = Kind::exact;
  std::vector<Token> tokens_;
  std::vector<CharClass> classes_;
};

}  // namespace kiln
