#pragma once
// TOML as JSON, the one conversion: buildpacks read manifests (pyproject.toml,
// Cargo.toml) through it and the engine reads kiln.toml's [buildpack_options]
// through it, so both see a TOML value the same way.
// Header-only: whoever includes it links tomlplusplus::tomlplusplus.
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

namespace kiln::support {

inline nlohmann::json toml_to_json(const toml::node& node) {
  if (auto* table = node.as_table()) {
    auto object = nlohmann::json::object();
    for (auto&& [key, value] : *table) object[std::string(key.str())] = toml_to_json(value);
    return object;
  }
  if (auto* array = node.as_array()) {
    auto list = nlohmann::json::array();
    for (auto&& value : *array) list.push_back(toml_to_json(value));
    return list;
  }
  if (auto* text = node.as_string()) return text->get();
  if (auto* integer = node.as_integer()) return integer->get();
  if (auto* number = node.as_floating_point()) return number->get();
  if (auto* flag = node.as_boolean()) return flag->get();
  // Dates and times matter to no buildpack; keep their TOML spelling.
  std::ostringstream out;
  if (auto* date = node.as_date()) out << *date;
  else if (auto* time = node.as_time()) out << *time;
  else if (auto* date_time = node.as_date_time()) out << *date_time;
  return out.str();
}

// Parses text as TOML into JSON; a std::runtime_error names the file and the line where it is not TOML.
inline nlohmann::json parse_toml_as_json(std::string_view text, std::string_view path) {
  try {
    return toml_to_json(toml::parse(text, path));
  } catch (const toml::parse_error& error) {
    std::ostringstream message;
    message << path << " is not valid TOML (line " << error.source().begin.line << "): " << error.description();
    throw std::runtime_error(message.str());
  }
}

}  // namespace kiln::support
