#include "core/error_code.hpp"

#include <array>
#include <ostream>
#include <utility>

namespace kiln {
namespace {

struct Entry {
  std::string_view name;
  int status;
  ErrorReach reach;
  std::string_view meaning;
};

// In enum order, so a code's entry is at its own index.
constexpr Entry kEntries[] = {
#define KILN_ERROR_CODE(enumerator, name, status, reach, meaning) {name, status, ErrorReach::reach, meaning},
#define KILN_ERROR_ALIAS(name, enumerator)
#include "core/error_codes.def"
#undef KILN_ERROR_CODE
#undef KILN_ERROR_ALIAS
};

constexpr ErrorCode kCodes[] = {
#define KILN_ERROR_CODE(enumerator, name, status, reach, meaning) ErrorCode::enumerator,
#define KILN_ERROR_ALIAS(name, enumerator)
#include "core/error_codes.def"
#undef KILN_ERROR_CODE
#undef KILN_ERROR_ALIAS
};

constexpr std::pair<std::string_view, ErrorCode> kAliases[] = {
#define KILN_ERROR_CODE(enumerator, name, status, reach, meaning)
#define KILN_ERROR_ALIAS(name, enumerator) {name, ErrorCode::enumerator},
#include "core/error_codes.def"
#undef KILN_ERROR_CODE
#undef KILN_ERROR_ALIAS
};

static_assert(std::size(kEntries) == std::size(kCodes));

const Entry& entry(ErrorCode code) { return kEntries[static_cast<std::size_t>(code)]; }

}  // namespace

std::string_view to_string(ErrorCode code) { return entry(code).name; }
int http_status(ErrorCode code) { return entry(code).status; }
std::string_view meaning(ErrorCode code) { return entry(code).meaning; }
ErrorReach reach(ErrorCode code) { return entry(code).reach; }
std::span<const ErrorCode> all_error_codes() { return kCodes; }

std::optional<ErrorCode> parse_error_code(std::string_view text) {
  for (auto code : kCodes)
    if (entry(code).name == text) return code;
  for (const auto& [name, code] : kAliases)
    if (name == text) return code;
  return std::nullopt;
}

ErrorCode error_code_or(std::string_view text, ErrorCode fallback) { return parse_error_code(text).value_or(fallback); }

std::ostream& operator<<(std::ostream& out, ErrorCode code) { return out << to_string(code); }

}  // namespace kiln
