#pragma once
// The folder inside a checkout or bundle where the app lives (a monorepo's
// "services/api"). Untrusted: it must name a place inside the source, so it is
// checked and normalised before anything touches the disk.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kiln {

// "./services//api/" -> "services/api"; "" or "." -> "" (the root itself).
// Errors (code invalid_source, naming `field`): absolute, "..", ".git",
// control characters, longer than 4096.
Result<std::string> normalise_source_subdir(std::string_view subdir, std::string_view field = "subdir");

// The folder `subdir` (normalised) names inside `root`, as a canonical path.
// It must exist, be a folder, and stay inside root once symlinks are followed
// (a repository may hold "app -> /etc"); else invalid_source naming `field`.
Result<std::filesystem::path> resolve_source_subdir(const std::filesystem::path& root, const std::string& subdir,
                                                    std::string_view field = "subdir");

}  // namespace kiln
