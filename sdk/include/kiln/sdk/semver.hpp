#pragma once
// Semantic versions as buildpacks meet them: parse a version, order two, and
// ask whether one meets a range written the way manifests write them
// (package.json, Gemfile, composer.json). Header-only, so a native buildpack
// gets it with the SDK; the Lua host binds the same code as kiln.semver.
//
// Ranges understood:
//   exact           1.2.3   =1.2.3   ==1.2.3
//   partial / x     1.2  1.x  1.2.x  *  (an empty range also matches anything)
//   comparisons     >=1.2  >1.2  <=1.2  <2  (partial bounds widen as in npm: >1.2 is >=1.3.0)
//   caret           ^1.2.3  ^0.2  ^0.0.3   (the left-most non-zero part may not change)
//   tilde           ~1.4  ~1.4.2           (the minor may not change; ~1 allows any 1.x)
//   pessimistic     ~>1.4  ~>1.4.2         (RubyGems: the last given part may grow)
//   conjunction     ">=1.2 <2.0" or ">= 1.2, < 2.0"
//   disjunction     "^1.0 || ^2.0" (a single '|' as composer writes it works too)
// Pre-release versions are ordered by plain semver precedence (1.3.0-rc.1 < 1.3.0);
// unlike npm, a range does not exclude pre-releases of other versions.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::sdk::semver {

struct Version {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::string prerelease;  // "rc.1"; build metadata ("+sha.5") is dropped: it never affects order
};

namespace detail {

// A version as written in a range: parts may be missing or wildcards.
struct Partial {
  std::optional<std::uint64_t> parts[3];
  int given = 0;  // how many parts were written as numbers before the first gap
  std::string prerelease;
};

// Enough digits for any real version, few enough that the value cannot overflow.
inline constexpr std::size_t kMaxDigits = 18;

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ident_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::optional<std::uint64_t> read_number(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && is_digit(s[n])) ++n;
  if (n == 0 || n > kMaxDigits) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < n; ++i) value = value * 10 + static_cast<std::uint64_t>(s[i] - '0');
  s.remove_prefix(n);
  return value;
}

// Dot-separated, non-empty identifiers of [0-9A-Za-z-].
inline std::optional<std::string> read_identifiers(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && (is_ident_char(s[n]) || s[n] == '.')) ++n;
  auto ids = s.substr(0, n);
  if (ids.empty() || ids.front() == '.' || ids.back() == '.' || ids.find("..") != std::string_view::npos)
    return std::nullopt;
  s.remove_prefix(n);
  return std::string(ids);
}

// Reads "[v]N[.N[.N]][-pre][+build]" where a part may be x, X or * when wildcards are allowed.
inline std::optional<Partial> read_partial(std::string_view& s, bool allow_wildcards) {
  Partial p;
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) s.remove_prefix(1);
  bool gap = false;
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      if (s.empty() || s.front() != '.') break;
      s.remove_prefix(1);
    }
    if (!s.empty() && allow_wildcards && (s.front() == 'x' || s.front() == 'X' || s.front() == '*')) {
      s.remove_prefix(1);
      gap = true;
      continue;
    }
    auto number = read_number(s);
    if (!number) return std::nullopt;
    if (gap) return std::nullopt;  // "1.x.3" says nothing sensible
    p.parts[i] = number;
    p.given = i + 1;
  }
  if (!s.empty() && s.front() == '-') {
    s.remove_prefix(1);
    auto pre = read_identifiers(s);
    if (!pre) return std::nullopt;
    p.prerelease = std::move(*pre);
  }
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!read_identifiers(s)) return std::nullopt;
  }
  return p;
}

inline Version fill_zeros(const Partial& p) {
  Version v{p.parts[0].value_or(0), p.parts[1].value_or(0), p.parts[2].value_or(0), {}};
  if (p.given == 3) v.prerelease = p.prerelease;
  return v;
}

// The smallest version above everything that starts with the first `keep` parts of p.
inline Version bump(const Partial& p, int keep) {
  Version v = fill_zeros(p);
  v.prerelease.clear();
  if (keep <= 1) return {v.major + 1, 0, 0, {}};
  if (keep == 2) return {v.major, v.minor + 1, 0, {}};
  return {v.major, v.minor, v.patch + 1, {}};
}

inline int compare_prerelease(std::string_view a, std::string_view b) {
  // A version without a pre-release ranks above the same version with one.
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  while (true) {
    auto da = a.find('.'), db = b.find('.');
    auto ia = a.substr(0, da), ib = b.substr(0, db);
    bool na = !ia.empty() && ia.find_first_not_of("0123456789") == std::string_view::npos;
    bool nb = !ib.empty() && ib.find_first_not_of("0123456789") == std::string_view::npos;
    int c = 0;
    if (na && nb) {
      auto sa = ia.substr(std::min(ia.find_first_not_of('0'), ia.size()));
      auto sb = ib.substr(std::min(ib.find_first_not_of('0'), ib.size()));
      c = sa.size() != sb.size() ? (sa.size() < sb.size() ? -1 : 1) : sa.compare(sb);
    } else if (na != nb) {
      c = na ? -1 : 1;  // numeric identifiers rank below alphanumeric ones
    } else {
      c = ia.compare(ib);
    }
    if (c != 0) return c < 0 ? -1 : 1;
    if (da == std::string_view::npos || db == std::string_view::npos)
      return da == db ? 0 : (da == std::string_view::npos ? -1 : 1);
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

struct Bound {
  Version version;
  bool inclusive = true;
};

// One comparator as the interval it allows.
struct Interval {
  std::optional<Bound> lower;
  std::optional<Bound> upper;
};

}  // namespace detail

// "1.2.3", "v1.2.3", "1.2.3-rc.1+build.5". "1.2" and "1" read as 1.2.0 and
// 1.0.0, because version files (.ruby-version, .nvmrc) often omit parts.
inline std::optional<Version> parse(std::string_view text) {
  auto s = detail::trim(text);
  auto partial = detail::read_partial(s, /*allow_wildcards=*/false);
  if (!partial || !s.empty()) return std::nullopt;
  auto v = detail::fill_zeros(*partial);
  v.prerelease = partial->prerelease;
  return v;
}

// -1, 0 or 1 by semver precedence.
inline int compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return detail::compare_prerelease(a.prerelease, b.prerelease);
}

inline std::string to_string(const Version& v) {
  auto s = std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
  if (!v.prerelease.empty()) s += "-" + v.prerelease;
  return s;
}

namespace detail {

inline std::optional<Interval> read_comparator(std::string_view& s) {
  std::string_view op;
  for (std::string_view candidate : {">=", "<=", "~>", "==", ">", "<", "=", "^", "~"}) {
    if (s.substr(0, candidate.size()) == candidate) {
      op = candidate;
      break;
    }
  }
  s.remove_prefix(op.size());
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  auto p = read_partial(s, /*allow_wildcards=*/true);
  if (!p) return std::nullopt;
  Interval in;
  const int given = p->given;
  if (given == 0) {
    if (op == "<" || op == ">") in.upper = Bound{{0, 0, 0, {}}, false};  // "<*" and ">*" match nothing
    return in;
  }
  const Version low = fill_zeros(*p);
  if (op == ">=") {
    in.lower = Bound{low, true};
  } else if (op == ">") {
    in.lower = given == 3 ? Bound{low, false} : Bound{bump(*p, given), true};
  } else if (op == "<") {
    in.upper = Bound{low, false};
  } else if (op == "<=") {
    in.upper = given == 3 ? Bound{low, true} : Bound{bump(*p, given), false};
  } else if (op == "^") {
    // The left-most non-zero part may not change; when all written parts are
    // zero, the last written one may not: ^0.0 is <0.1.0, ^0 is <1.0.0.
    int keep = 3;
    if (low.major != 0 || given == 1) keep = 1;
    else if (low.minor != 0 || given == 2) keep = 2;
    in.lower = Bound{low, true};
    in.upper = Bound{bump(*p, keep), false};
  } else if (op == "~") {
    in.lower = Bound{low, true};
    in.upper = Bound{bump(*p, given == 1 ? 1 : 2), false};
  } else if (op == "~>") {
    in.lower = Bound{low, true};
    in.upper = Bound{bump(*p, given == 1 ? 1 : given - 1), false};
  } else if (given == 3) {  // exact
    in.lower = Bound{low, true};
    in.upper = Bound{low, true};
  } else {  // "1.2", "1.x": everything that starts so
    in.lower = Bound{low, true};
    in.upper = Bound{bump(*p, given), false};
  }
  return in;
}

inline bool within(const Version& v, const Interval& in) {
  if (in.lower) {
    int c = compare(v, in.lower->version);
    if (c < 0 || (c == 0 && !in.lower->inclusive)) return false;
  }
  if (in.upper) {
    int c = compare(v, in.upper->version);
    if (c > 0 || (c == 0 && !in.upper->inclusive)) return false;
  }
  return true;
}

// Splits on "||" (or a single '|').
inline std::vector<std::string_view> split_alternatives(std::string_view range) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    auto bar = range.find('|', start);
    out.push_back(range.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (bar == std::string_view::npos) return out;
    start = bar + 1;
    if (start < range.size() && range[start] == '|') ++start;
  }
}

}  // namespace detail

// Whether v lies in range; nullopt when the range cannot be read.
inline std::optional<bool> satisfies(const Version& v, std::string_view range) {
  bool any = false;
  for (auto alternative : detail::split_alternatives(range)) {
    auto s = detail::trim(alternative);
    if (s.empty()) {  // "" and "^1 || " allow anything, as npm reads them
      any = true;
      continue;
    }
    bool all = true;
    do {
      auto in = detail::read_comparator(s);
      if (!in) return std::nullopt;
      all = all && detail::within(v, *in);
      std::size_t separators = 0;
      while (!s.empty() && (detail::is_space(s.front()) || s.front() == ',')) s.remove_prefix(1), ++separators;
      if (!s.empty() && separators == 0) return std::nullopt;  // "1.2.3foo"
    } while (!s.empty());
    any = any || all;
  }
  return any;
}

// As above, for a version given as text; nullopt when either cannot be read.
inline std::optional<bool> satisfies(std::string_view version, std::string_view range) {
  auto v = parse(version);
  if (!v) return std::nullopt;
  return satisfies(*v, range);
}

}  // namespace kiln::sdk::semver
