#pragma once
// A whole small file's bytes (a descriptor, an index, a key, an expected result).
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kiln {

// Errors: storage_failed, naming the file.
Result<std::string> read_whole_file(const std::filesystem::path& file);

}  // namespace kiln
