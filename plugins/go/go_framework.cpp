#include "go_framework.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace kiln::go {

std::optional<std::string> go_framework(const std::vector<std::string>& required) {
  // Module path prefix -> framework; major version suffixes (/v2, /v5) follow the prefix.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kFrameworks = {{
      {"github.com/gin-gonic/gin", "gin"},
      {"github.com/labstack/echo", "echo"},
      {"github.com/gofiber/fiber", "fiber"},
      {"github.com/go-chi/chi", "chi"},
      {"github.com/gorilla/mux", "gorilla"},
  }};
  for (auto [prefix, name] : kFrameworks)
    for (const auto& module : required)
      if (module == prefix || (module.starts_with(prefix) && module[prefix.size()] == '/')) return std::string(name);
  return std::nullopt;
}

}  // namespace kiln::go
