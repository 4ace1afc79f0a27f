#include "core/schema_normalise.hpp"

#include <cmath>
#include <cstdint>

#include "core/schema_check.hpp"
#include "core/schema_walk.hpp"

namespace kiln {
namespace {

using nlohmann::json;

void reshape(json& value, const json& schema, const json& root) {
  auto wants = [&](const char* type) { return schema_allows_type(schema, root, type); };
  if (value.is_array() && value.empty() && wants("object") && !wants("array")) value = json::object();
  else if (value.is_object() && value.empty() && wants("array") && !wants("object")) value = json::array();
  else if (value.is_number_float() && wants("integer") && !wants("number")) {
    const double number = value.get<double>();
    if (std::floor(number) == number && std::fabs(number) < 9.0e15) value = static_cast<std::int64_t>(number);
  }
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      const auto* child = member_schema(schema, root, value, it.key());
      if (child && it->is_null() && !schema_allows_type(*child, root, "null")) {
        it = value.erase(it);
        continue;
      }
      if (child) reshape(*it, *child, root);
      ++it;
    }
  } else if (value.is_array()) {
    if (const auto* child = item_schema(schema, root, value))
      for (auto& item : value) reshape(item, *child, root);
  }
}

}  // namespace

void normalise_for_schema(json& value, SdkSchema which) {
  // The form valijson checks: read anyway, while the form as written is read only for errors.
  const auto& root = sdk_schema_as_checked(which);
  reshape(value, root, root);
}

}  // namespace kiln
