#pragma once
// Where kiln keeps what it can rebuild (descriptor cache, git mirrors) for a
// user: $KILN_CACHE_DIR, else $XDG_CACHE_HOME/kiln, else ~/.cache/kiln.
#include <filesystem>
#include <optional>

namespace kiln {

// Nothing when none of the variables is set.
std::optional<std::filesystem::path> user_cache_dir();

}  // namespace kiln
