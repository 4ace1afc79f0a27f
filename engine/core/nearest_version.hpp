#pragma once
// The runtime_versions = "nearest" policy of kiln.toml: when no stack has a
// version a pin allows, the one closest to the version the pin names.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

// The version the range names first ("21" in "21", ">=21 <22", "^21.4"), then
// the one of `versions` nearest to it: the smallest major difference, then
// (within the same major) minor, then (same minor) patch; on a tie the newer
// (a pin is more often a floor than a ceiling). nullopt when the range names no version or `versions` is empty.
std::optional<std::string> nearest_version(const std::vector<std::string>& versions, std::string_view range);

}  // namespace kiln
