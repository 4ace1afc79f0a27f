#pragma once
// Values people type on a command line or in a request: "2g", "10m", "KEY=value".
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiln {

// "512m", "2g", "1048576" -> bytes.
Result<std::int64_t> parse_size(const std::string& text);
// "90s", "10m", "1h", "30" (seconds) -> duration.
Result<std::chrono::seconds> parse_duration(const std::string& text);
// ["A=1", "B=x=y"] -> {A: 1, B: x=y}; a missing '=' is an error naming the flag.
Result<std::map<std::string, std::string>> parse_assignments(const std::vector<std::string>& items, const std::string& flag);

}  // namespace kiln
