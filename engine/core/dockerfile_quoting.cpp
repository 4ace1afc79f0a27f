#include "core/dockerfile_quoting.hpp"

#include <nlohmann/json.hpp>

namespace kiln {

std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += nlohmann::json(items[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return out + "]";
}

std::string quoted_word(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"' || c == '$') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  return out;
}

}  // namespace kiln
