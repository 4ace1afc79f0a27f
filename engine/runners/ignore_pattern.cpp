#include "runners/ignore_pattern.hpp"

#include <algorithm>

#include "core/path_parts.hpp"

namespace kiln {
namespace {

// Characters outside valid UTF-8 still need an identity, so each stray byte
// maps past the last code point: equal bytes stay equal, nothing else does.
constexpr char32_t kStrayByteBase = 0x110000;

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > s.size()) return kStrayByteBase + static_cast<unsigned char>(s[i++]);
  char32_t c = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0) != 0x80) return kStrayByteBase + static_cast<unsigned char>(s[i++]);
    c = (c << 6) | (next & 0x3F);
  }
  i += length;
  return c;
}

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
  return out;
}

}  // namespace

std::string clean_slash_path(std::string_view path) {
  const bool rooted = !path.empty() && path.front() == '/';
  std::vector<std::string_view> parts;
  for (auto part : path_parts(path)) {
    if (part != "..") parts.push_back(part);
    else if (!parts.empty() && parts.back() != "..") parts.pop_back();
    else if (!rooted) parts.push_back(part);  // a relative path may climb; a rooted one stops at '/'
  }
  std::string out = (rooted ? "/" : "") + join_path_parts(parts);
  return out.empty() ? "." : out;
}

bool IgnorePattern::CharClass::contains(char32_t c) const {
  bool in = std::any_of(ranges.begin(), ranges.end(), [c](const auto& r) { return r.first <= c && c <= r.second; });
  return in != negated;
}

Result<IgnorePattern> IgnorePattern::compile(std::string text, bool exception) {
  IgnorePattern p;
  p.text_ = text;
  p.exception_ = exception;
  auto bad = [&](const std::string& why) {
    return Error{ErrorCode::InvalidDockerignore, "bad pattern \"" + text + "\": " + why};
  };
  const auto cps = code_points(text);
  const std::size_t n = cps.size();
  // The order of these assignments mirrors Docker's: a leading '**' makes a
  // suffix match unless something later in the pattern needs the general matcher.
  Kind kind = Kind::exact;
  std::size_t k = 0;
  for (bool first = true; k < n; first = false) {
    const char32_t c = cps[k++];
    if (c == '*' && k < n && cps[k] == '*') {
      ++k;
      if (k < n && cps[k] == '/') ++k;  // "**/" behaves as "**"
      if (k == n) {
        p.tokens_.push_back({Op::any_tail});
        kind = kind == Kind::exact ? Kind::prefix : Kind::general;
      } else {
        p.tokens_.push_back({Op::any_dirs});
        kind = Kind::general;
      }
      if (first) kind = Kind::suffix;
    } else if (c == '*') {
      p.tokens_.push_back({Op::any_run});
      kind = Kind::general;
    } else if (c == '?') {
      p.tokens_.push_back({Op::any_one});
      kind = Kind::general;
    } else if (c == '\\') {
      if (k == n) return bad("a trailing '\\' escapes nothing");
      p.tokens_.push_back({Op::literal, cps[k++]});
      kind = Kind::general;
    } else if (c == '[') {
      CharClass klass;
      if (k < n && cps[k] == '^') {
        klass.negated = true;
        ++k;
      }
      // One end of a range, as filepath.Match reads it: '-' and ']' need an escape.
      auto range_end = [&](char32_t& out) {
        if (k >= n || cps[k] == '-' || cps[k] == ']') return false;
        if (cps[k] == '\\' && ++k >= n) return false;
        out = cps[k++];
        return k < n;  // a class must still be closed
      };
      while (!(k < n && cps[k] == ']' && !klass.ranges.empty())) {
        char32_t lo = 0, hi = 0;
        if (!range_end(lo)) return bad("unterminated or empty character class");
        hi = lo;
        if (cps[k] == '-' && (++k, !range_end(hi))) return bad("incomplete range in character class");
        if (hi < lo) return bad("character range out of order");
        klass.ranges.emplace_back(lo, hi);
      }
      ++k;  // the closing ']'
      p.tokens_.push_back({Op::klass, 0, static_cast<std::uint32_t>(p.classes_.size())});
      p.classes_.push_back(std::move(klass));
      kind = Kind::general;
    } else {
      p.tokens_.push_back({Op::literal, c});
      if (c == ']') kind = Kind::general;
    }
  }
  p.kind_ = kind;
  return p;
}

IgnorePattern IgnorePattern::literal(std::string path, bool exception) {
  IgnorePattern p;
  for (char32_t c : code_points(path)) p.tokens_.push_back({Op::literal, c});
  p.text_ = std::move(path);
  p.exception_ = exception;
  p.kind_ = Kind::exact;
  return p;
}

bool IgnorePattern::matches(std::string_view path) const {
  std::string_view text = text_;
  switch (kind_) {
    case Kind::exact:
      return path == text;
    case Kind::prefix:
      return path.starts_with(text.substr(0, text.size() - 2));
    case Kind::suffix: {
      auto suffix = text.substr(2);
      return path.ends_with(suffix) || (suffix.front() == '/' && path == suffix.substr(1));
    }
    case Kind::general:
      return run(0, tokens_.size(), path);
  }
  return false;
}

bool IgnorePattern::token_accepts(const Token& token, char32_t c) const {
  switch (token.op) {
    case Op::literal:
      return c == token.ch;
    case Op::any_one:
      return c != U'/';
    case Op::klass:
      return classes_[token.klass].contains(c);
    default:
      return false;
  }
}

// A set-of-states automaton over the tokens [begin, end): linear in the path
// length whatever the pattern, so no pattern can make matching blow up.
bool IgnorePattern::run(std::size_t begin, std::size_t end, std::string_view text) const {
  const std::size_t count = end - begin;
  // States 0..count are "before token s"; count+1+s is "inside the '**' at s".
  const std::size_t states = 2 * count + 1;
  thread_local std::vector<std::uint8_t> current, next;
  current.assign(states, 0);
  auto enter = [&](std::vector<std::uint8_t>& set, std::size_t s) {
    for (; !set[s]; ++s) {
      set[s] = 1;
      if (s >= count) return;
      const Op op = tokens_[begin + s].op;
      if (op != Op::any_run && op != Op::any_dirs && op != Op::any_tail) return;
    }
  };
  enter(current, 0);
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = next_code_point(text, i);
    next.assign(states, 0);
    for (std::size_t s = 0; s < count; ++s) {
      if (current[s]) {
        const Token& token = tokens_[begin + s];
        switch (token.op) {
          case Op::any_run:
            if (c != U'/') enter(next, s);
            break;
          case Op::any_tail:
            enter(next, s);
            break;
          case Op::any_dirs:
            next[count + 1 + s] = 1;
            if (c == U'/') enter(next, s + 1);
            break;
          default:
            if (token_accepts(token, c)) enter(next, s + 1);
        }
      }
      if (current[count + 1 + s]) {
        next[count + 1 + s] = 1;
        if (c == U'/') enter(next, s + 1);
      }
    }
    current.swap(next);
    if (std::find(current.begin(), current.end(), 1) == current.end()) return false;
  }
  return current[count] != 0;
}

bool IgnorePattern::could_match_below(std::string_view dir) const {
  if (kind_ == Kind::suffix) return true;
  // Can this one segment of the pattern match more than one path segment?
  auto spans = [&](std::size_t from, std::size_t to) {
    for (std::size_t t = from; t < to; ++t) {
      const Token& token = tokens_[t];
      if (token.op == Op::any_dirs || token.op == Op::any_tail) return true;
      if (token.op == Op::klass && classes_[token.klass].contains(U'/')) return true;
    }
    return false;
  };
  std::size_t t = 0;
  std::size_t start = 0;
  while (start <= dir.size()) {
    auto stop = dir.find('/', start);
    if (stop == std::string_view::npos) stop = dir.size();
    const auto segment = dir.substr(start, stop - start);
    std::size_t e = t;
    while (e < tokens_.size() && !(tokens_[e].op == Op::literal && tokens_[e].ch == U'/')) ++e;
    if (spans(t, e)) return true;
    if (!run(t, e, segment)) return false;
    // A pattern no deeper than `dir` decides `dir` and its contents alike,
    // and `dir` is already known to be excluded.
    if (e == tokens_.size()) return false;
    t = e + 1;
    start = stop + 1;
  }
  return true;
}

}  // namespace kiln
