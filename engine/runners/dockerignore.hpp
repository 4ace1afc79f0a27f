#pragma once
// A .dockerignore file: which paths of a build context stay out of the tar
// sent to the engine. Parsing and matching follow Docker (moby/patternmatcher
// and the CLI's reader) so a context sends what `docker build` sends:
//   * one pattern a line; '#' starts a comment only as a line's first byte;
//     blank lines are skipped; surrounding whitespace is trimmed;
//   * patterns are cleaned like Go's filepath.Clean and anchored at the
//     context root ("/build" and "build" are the same; "node_modules" does not
//     match "web/node_modules");
//   * '!' makes an exception; the last pattern that matches a path wins;
//   * a pattern that matches a folder matches everything below it.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "runners/ignore_pattern.hpp"

namespace kiln {

class Dockerignore {
 public:
  // No patterns: nothing is excluded.
  Dockerignore() = default;
  // Errors name the line: a lone "!", an unclosed "[", a trailing "\".
  static Result<Dockerignore> parse(std::string_view text);

  // Adds an exception for exactly `path`, as the docker CLI does for the
  // Dockerfile and .dockerignore so they reach the engine even when ignored.
  void always_include(std::string_view path);

  // Is the '/'-separated, root-relative `path` kept out of the context?
  bool excluded(std::string_view path) const;
  // For an excluded folder: could an exception bring back something inside
  // it? If not, a walker need not open the folder at all. Conservative: a
  // wildcard exception such as "!**/LICENSE" keeps every folder open, so
  // exceptions work as documented even where the docker CLI's own shortcut
  // (a literal prefix test) would skip the folder.
  bool may_reinclude_below(std::string_view dir) const;

  bool has_exceptions() const { return has_exceptions_; }
  const std::vector<IgnorePattern>& patterns() const { return patterns_; }

 private:
  std::vector<IgnorePattern> patterns_;
  bool has_exceptions_ = false;
};

}  // namespace kiln
