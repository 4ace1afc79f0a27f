#pragma once
// The only place that turns values into Dockerfile text. Exec-form lines are
// JSON arrays (no shell, no variable expansion by the builder); ENV and LABEL
// values are double-quoted with \, " and $ escaped, so a value can never end
// its instruction or start another.
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

// ["a", "b"] as a JSON array (invalid UTF-8 replaced, never thrown).
std::string json_array(const std::vector<std::string>& items);
// "value" for ENV and LABEL. The caller has rejected line breaks already.
std::string quoted_word(std::string_view value);
// Text safe inside a "# ..." comment line: control characters dropped.
std::string comment_text(std::string_view text);

}  // namespace kiln
