#include "rust_framework.hpp"

namespace kiln::rust {

std::optional<std::string> rust_framework(const std::set<std::string>& dependencies) {
  for (const char* name : {"axum", "actix-web", "rocket", "warp", "poem"})
    if (dependencies.count(name)) return std::string(name);
  return std::nullopt;
}

}  // namespace kiln::rust
