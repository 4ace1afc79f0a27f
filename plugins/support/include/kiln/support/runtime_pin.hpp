#pragma once
// Where in a file a runtime version was pinned, so that a version the stack
// catalogue cannot satisfy is reported at the line the user wrote.
#include <string>
#include <string_view>

#include <kiln/sdk/plan.hpp>

namespace kiln::support {

// The 1-based line of the first `needle` in text, searching from the first
// `after` when one is given ("engines", then "node"); 0 when absent. A needle
// that starts with a line break finds a line that starts with the rest.
int line_of(std::string_view text, std::string_view needle, std::string_view after = {});

// A runtime with the range a file pins: `needle` (and `after`) find the line
// in the file's text; no range means the catalogue's default.
sdk::BaseImage pinned_runtime(std::string runtime, std::string range, std::string file, std::string_view text,
                              std::string field = {}, std::string_view needle = {}, std::string_view after = {});

}  // namespace kiln::support
