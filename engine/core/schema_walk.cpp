#include "core/schema_walk.hpp"

namespace kiln {
namespace {

using nlohmann::json;

const char* json_type(const json& value) {
  switch (value.type()) {
    case json::value_t::object: return "object";
    case json::value_t::array: return "array";
    case json::value_t::string: return "string";
    case json::value_t::boolean: return "boolean";
    case json::value_t::null: return "null";
    case json::value_t::number_float: return "number";
    default: return "integer";
  }
}

bool own_type_allows(const json& schema, const std::string& type) {
  auto it = schema.find("type");
  if (it == schema.end()) return !schema.contains("oneOf") && !schema.contains("anyOf") && !schema.contains("const");
  auto names = it->is_array() ? *it : json::array({*it});
  for (const auto& name : names)
    if (name == type || (name == "number" && type == "integer")) return true;
  return false;
}

const json* branches(const json& schema) {
  if (auto it = schema.find("oneOf"); it != schema.end()) return &*it;
  if (auto it = schema.find("anyOf"); it != schema.end()) return &*it;
  return nullptr;
}

}  // namespace

const json& resolve_ref(const json& schema, const json& root) {
  const json* current = &schema;
  for (int hops = 0; hops < 16; ++hops) {  // a bound, so a ref cycle cannot hang us
    auto it = current->find("$ref");
    if (it == current->end() || !it->is_string()) break;
    const auto& ref = it->get_ref<const std::string&>();
    if (ref.rfind("#/", 0) != 0) break;
    current = &root.at(json::json_pointer(ref.substr(1)));
  }
  return *current;
}

bool schema_allows_type(const json& schema, const json& root, const char* type) {
  const auto& resolved = resolve_ref(schema, root);
  if (const auto* options = branches(resolved)) {
    for (const auto& option : *options)
      if (schema_allows_type(option, root, type)) return true;
    return false;
  }
  if (auto it = resolved.find("const"); it != resolved.end()) return std::string(json_type(*it)) == type;
  return own_type_allows(resolved, type);
}

const json& branch_for(const json& schema, const json& root, const json& value) {
  const auto& resolved = resolve_ref(schema, root);
  if (const auto* options = branches(resolved)) {
    for (const auto& option : *options)
      if (schema_allows_type(option, root, json_type(value))) return branch_for(option, root, value);
  }
  return resolved;
}

const json* member_schema(const json& schema, const json& root, const json& container, const std::string& key) {
  const auto& object = branch_for(schema, root, container);
  if (auto props = object.find("properties"); props != object.end())
    if (auto it = props->find(key); it != props->end()) return &*it;
  // kiln's schemas give at most one pattern; a key it does not match is the parent's fault, named there.
  if (auto patterns = object.find("patternProperties"); patterns != object.end() && !patterns->empty())
    return &patterns->begin().value();
  if (auto extra = object.find("additionalProperties"); extra != object.end() && extra->is_object()) return &*extra;
  return nullptr;
}

const json* item_schema(const json& schema, const json& root, const json& container) {
  const auto& array = branch_for(schema, root, container);
  auto items = array.find("items");
  return items != array.end() && items->is_object() ? &*items : nullptr;
}

}  // namespace kiln
