#include "plugins/document_json.hpp"

#include <cstdlib>
#include <stdexcept>

#include <kiln/support/toml_json.hpp>
#include <yaml-cpp/yaml.h>

namespace kiln {
namespace {

constexpr int kMaxYamlDepth = 64;

bool one_of(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* word : words)
    if (text == word) return true;
  return false;
}

// A plain scalar read as YAML 1.2's core schema reads it.
nlohmann::json plain_scalar(const std::string& text) {
  if (text.empty() || one_of(text, {"~", "null", "Null", "NULL"})) return nullptr;
  if (one_of(text, {"true", "True", "TRUE"})) return true;
  if (one_of(text, {"false", "False", "FALSE"})) return false;
  const char* begin = text.c_str();
  char* end = nullptr;
  long long integer = std::strtoll(begin, &end, 10);
  if (end && *end == '\0' && text.find_first_not_of("+-0123456789") == std::string::npos) return integer;
  double number = std::strtod(begin, &end);
  if (end && *end == '\0' && text.find_first_not_of("+-0123456789.eE") == std::string::npos) return number;
  return text;
}

// yaml-cpp's parser recurses once per flow collection ("[[[[..."): a file
// nested deep enough would overflow the stack before to_json could refuse it.
// Brackets inside quoted scalars count too, which can only refuse early.
bool flow_nesting_within(std::string_view text, int limit) {
  int depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

nlohmann::json to_json(const YAML::Node& node, int depth, const std::string& path) {
  if (depth > kMaxYamlDepth) throw std::runtime_error(path + " nests deeper than " + std::to_string(kMaxYamlDepth) + " levels");
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      auto object = nlohmann::json::object();
      for (const auto& entry : node) object[entry.first.as<std::string>()] = to_json(entry.second, depth + 1, path);
      return object;
    }
    case YAML::NodeType::Sequence: {
      auto list = nlohmann::json::array();
      for (const auto& item : node) list.push_back(to_json(item, depth + 1, path));
      return list;
    }
    case YAML::NodeType::Scalar:
      // yaml-cpp tags a quoted scalar "!": it stays a string.
      return node.Tag() == "!" ? nlohmann::json(node.Scalar()) : plain_scalar(node.Scalar());
    default:
      return nullptr;
  }
}

}  // namespace

nlohmann::json toml_document_to_json(std::string_view text, const std::string& path) {
  return support::parse_toml_as_json(text, path);
}

nlohmann::json yaml_document_to_json(std::string_view text, const std::string& path) {
  if (!flow_nesting_within(text, kMaxYamlDepth))
    throw std::runtime_error(path + " nests deeper than " + std::to_string(kMaxYamlDepth) + " levels");
  try {
    return to_json(YAML::Load(std::string(text)), 0, path);
  } catch (const YAML::Exception& error) {
    throw std::runtime_error(path + " is not valid YAML (line " + std::to_string(error.mark.line + 1) + "): " + error.msg);
  }
}

}  // namespace kiln
