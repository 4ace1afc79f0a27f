#pragma once
// Where the bundled buildpacks are: beside the executable in a build tree
// (build/buildpacks), or <prefix>/lib/kiln/buildpacks after `cmake --install`.
#include <filesystem>
#include <optional>
#include <vector>

namespace kiln {

// The running kiln executable (analysis workers are started from it).
std::filesystem::path kiln_executable();
// The bundled plugin directory for the running executable, if one exists.
std::optional<std::filesystem::path> bundled_plugin_directory();

// Bundled directory (unless disabled), then KILN_PLUGIN_PATH entries (":"-separated), then the user's
// plugin dir when it exists (core/user_data_dirs.hpp), then `extra`.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& extra,
                                                      bool include_bundled = true);

}  // namespace kiln
