#include "core/user_data_dirs.hpp"

#include <cstdlib>

namespace kiln {
namespace {

const char* set(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

}  // namespace

std::optional<std::filesystem::path> user_config_dir() {
  if (const char* dir = set("KILN_CONFIG_DIR")) return std::filesystem::path(dir);
  if (const char* dir = set("XDG_CONFIG_HOME")) return std::filesystem::path(dir) / "kiln";
  if (const char* home = set("HOME")) return std::filesystem::path(home) / ".config" / "kiln";
  return std::nullopt;
}

std::optional<std::filesystem::path> user_plugin_dir() {
  if (const char* dir = set("KILN_USER_PLUGIN_DIR")) return std::filesystem::path(dir);
  if (const char* dir = set("XDG_DATA_HOME")) return std::filesystem::path(dir) / "kiln" / "buildpacks";
  if (const char* home = set("HOME")) return std::filesystem::path(home) / ".local" / "share" / "kiln" / "buildpacks";
  return std::nullopt;
}

}  // namespace kiln
