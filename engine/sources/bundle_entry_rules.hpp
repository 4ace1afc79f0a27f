#pragma once
// What a bundle (an uploaded or downloaded tar.gz) may contain, entry by entry,
// decided from the names alone before anything is written: relative names
// without "..", and symlinks that point somewhere inside the bundle.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kiln {

constexpr std::size_t kMaxBundleEntryName = 4096;

// "./src//app.js" -> "src/app.js"; "." and "./" -> "" (the bundle root itself).
// Errors (invalid_bundle, naming the entry): absolute names, "..", control
// characters, names longer than kMaxBundleEntryName.
Result<std::string> normalise_bundle_entry_name(std::string_view raw);

// Nothing when a symlink at `entry` (a normalised name) pointing at `target`
// stays inside the bundle root when read as a path; else why not. Symlinks
// that lead out through other symlinks are caught after extraction, on disk.
std::optional<std::string> check_bundle_symlink_target(const std::string& entry, std::string_view target);

// A name for an error message: control characters as '?', long names cut.
std::string printable_entry_name(std::string_view name);

}  // namespace kiln
