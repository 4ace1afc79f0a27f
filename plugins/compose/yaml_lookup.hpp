#pragma once
// Reading a compose file's YAML without tripping over it: yaml-cpp 0.7 throws
// when a map is subscripted as a scalar and knows nothing of "<<" merge keys,
// which compose files use to share build settings between services.
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace kiln::compose {

// The value of `key` in `map`, looking through "<<: *anchor" merges (the map's
// own keys win, then merged maps in order). A null node when `map` is not a map
// or has no such key. Nested merges are followed to a bounded depth and count,
// so a file built to blow up cannot make a lookup slow.
YAML::Node lookup(const YAML::Node& map, std::string_view key);

// True when the node is absent or an explicit null ("build:" with nothing after it).
bool is_missing(const YAML::Node& node);

// "compose.yaml:12" for a node, or just the file name when yaml-cpp has no position.
std::string where(std::string_view file, const YAML::Node& node);

}  // namespace kiln::compose
