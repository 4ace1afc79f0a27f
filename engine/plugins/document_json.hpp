#pragma once
// TOML and YAML documents from an app (gleam.toml, shard.yml, pubspec.yaml,
// package.yaml) as JSON, so a Lua buildpack reads them through tree:toml and
// tree:yaml the way it reads package.json through tree:json, with the
// libraries kiln already links rather than patterns of its own.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kiln {

// The document, or a std::runtime_error saying where it is not valid.
nlohmann::json toml_document_to_json(std::string_view text, const std::string& path);

// YAML's core schema: plain true/false, null/~, integers and floats become
// JSON values, everything else (and every quoted scalar) a string. The first
// document of a stream; nesting deeper than 64 is refused.
nlohmann::json yaml_document_to_json(std::string_view text, const std::string& path);

}  // namespace kiln
