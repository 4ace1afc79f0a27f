#pragma once
// A readable line diff for `kiln buildpacks test`: the lines of `expected`
// missing from `actual` as "- ", the new ones as "+ ", with two lines of
// context around each change and "@@" between distant hunks.
#include <string>

namespace kiln {

// Empty when the texts are equal.
std::string line_diff(const std::string& expected, const std::string& actual);

}  // namespace kiln
