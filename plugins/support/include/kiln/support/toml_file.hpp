#pragma once
// A TOML manifest (pyproject.toml, Cargo.toml, Pipfile) read from the source
// tree as JSON, so buildpacks walk one kind of document.
//
// Header-only on purpose: toml++ is a shared library with its own compile
// definitions, and only the buildpacks that read TOML should carry it. A module
// that includes this must link tomlplusplus::tomlplusplus.
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <kiln/support/toml_json.hpp>

#include <kiln/sdk/generator.hpp>
#include <kiln/sdk/source.hpp>

namespace kiln::support {

// The document as JSON, nullopt when the file is absent (or over the read cap).
// A file that is there but is not TOML is the user's to fix, so it throws a
// BuildpackError naming the file and the line.
inline std::optional<nlohmann::json> read_toml_file(const sdk::SourceTree& tree, std::string_view path) {
  auto text = tree.read(path);
  if (!text) return std::nullopt;
  try {
    return parse_toml_as_json(*text, path);
  } catch (const std::runtime_error& error) {
    throw sdk::BuildpackError(error.what());
  }
}

// json["a"]["b"]... or nullptr when any step is missing or not a table.
inline const nlohmann::json* json_at(const nlohmann::json& root, std::initializer_list<std::string_view> keys) {
  const nlohmann::json* node = &root;
  for (auto key : keys) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

}  // namespace kiln::support
