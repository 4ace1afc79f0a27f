#include "core/toml_document.hpp"

namespace kiln {

Result<toml::table> parse_toml_document(std::string_view text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return Error{ErrorCode::InvalidConfig, origin + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description())};
  }
}

Error config_error_at(const std::string& origin, const toml::node& node, const std::string& message) {
  return Error{ErrorCode::InvalidConfig, origin + ":" + std::to_string(node.source().begin.line) + ": " + message};
}

}  // namespace kiln
