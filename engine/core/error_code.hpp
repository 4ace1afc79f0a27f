#pragma once
// The one set of error codes (written in error_codes.def): an enum, so a code that is not
// in the table does not compile, with each code's wire name, HTTP status and meaning.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string_view>

namespace kiln {

enum class ErrorCode : std::uint8_t {
#define KILN_ERROR_CODE(enumerator, name, status, reach, meaning) enumerator,
#define KILN_ERROR_ALIAS(name, enumerator)
#include "core/error_codes.def"
#undef KILN_ERROR_CODE
#undef KILN_ERROR_ALIAS
};

// Who can see a code: see error_codes.def.
enum class ErrorReach { Answer, Failure, Local };

std::string_view to_string(ErrorCode code);  // the wire name: ErrorCode::NotFound
int http_status(ErrorCode code);
std::string_view meaning(ErrorCode code);
ErrorReach reach(ErrorCode code);
std::span<const ErrorCode> all_error_codes();

// For codes that arrive as text (the analysis worker, the store, a plugin's answer):
// a current name or an alias of one; nullopt for anything else.
std::optional<ErrorCode> parse_error_code(std::string_view text);
// The same, with `fallback` for text that is no code: text from outside never stops a read.
ErrorCode error_code_or(std::string_view text, ErrorCode fallback);

std::ostream& operator<<(std::ostream& out, ErrorCode code);  // the wire name, for tests and logs

}  // namespace kiln
