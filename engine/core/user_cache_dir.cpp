#include "core/user_cache_dir.hpp"

#include <cstdlib>

namespace kiln {

std::optional<std::filesystem::path> user_cache_dir() {
  auto set = [](const char* name) -> const char* {
    const char* value = std::getenv(name);
    return value && *value ? value : nullptr;
  };
  if (const char* dir = set("KILN_CACHE_DIR")) return std::filesystem::path(dir);
  if (const char* dir = set("XDG_CACHE_HOME")) return std::filesystem::path(dir) / "kiln";
  if (const char* home = set("HOME")) return std::filesystem::path(home) / ".cache" / "kiln";
  return std::nullopt;
}

}  // namespace kiln
