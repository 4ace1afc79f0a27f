#pragma once
// The length of UTF-8 text in characters (code points), as JSON Schema's minLength and
// maxLength count it: a limit the server enforces and the OpenAPI document states is then
// the same limit for text that is not ASCII.
#include <cstddef>
#include <string_view>

namespace kiln {

// Counts every byte that does not continue a multi-byte sequence (JSON bodies are valid UTF-8).
std::size_t character_count(std::string_view utf8);

}  // namespace kiln
