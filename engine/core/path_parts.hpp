#pragma once
// Slash-separated paths as their parts: "./a//b/" -> {"a", "b"}. Empty parts
// and "." say nothing and are dropped; ".." is kept for the caller to judge
// (a pattern may climb, an app path may not).
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

std::vector<std::string_view> path_parts(std::string_view path);
std::string join_path_parts(const std::vector<std::string_view>& parts);

}  // namespace kiln
