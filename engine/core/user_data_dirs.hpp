#pragma once
// Where kiln keeps a user's settings and the buildpacks they installed, beside
// user_cache_dir (what can be rebuilt):
//   config:  $KILN_CONFIG_DIR, else $XDG_CONFIG_HOME/kiln, else ~/.config/kiln (registries.toml)
//   plugins: $KILN_USER_PLUGIN_DIR, else $XDG_DATA_HOME/kiln/buildpacks, else ~/.local/share/kiln/buildpacks
#include <filesystem>
#include <optional>

namespace kiln {

// Nothing when none of the variables is set.
std::optional<std::filesystem::path> user_config_dir();
std::optional<std::filesystem::path> user_plugin_dir();

}  // namespace kiln
