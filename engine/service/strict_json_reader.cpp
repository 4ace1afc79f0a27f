#include "service/strict_json_reader.hpp"

#include <cmath>

namespace kiln::service {

StrictJsonReader::StrictJsonReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {}

Error StrictJsonReader::invalid(const std::string& field, const std::string& what) const {
  return Error{ErrorCode::InvalidRequest, "'" + name(field) + "' " + what};
}

const nlohmann::json* StrictJsonReader::raw(const std::string& field) {
  read_.insert(field);
  auto it = object_.find(field);
  // A null is not an absent field: the document makes no field nullable, so it is of the wrong type.
  if (it == object_.end()) return nullptr;
  return &*it;
}

Result<std::optional<std::string>> StrictJsonReader::string(const std::string& field) {
  const auto* value = raw(field);
  if (!value) return std::optional<std::string>{};
  if (!value->is_string()) return invalid(field, "must be a string");
  return std::optional<std::string>{value->get<std::string>()};
}

Result<std::optional<bool>> StrictJsonReader::boolean(const std::string& field) {
  const auto* value = raw(field);
  if (!value) return std::optional<bool>{};
  if (!value->is_boolean()) return invalid(field, "must be true or false");
  return std::optional<bool>{value->get<bool>()};
}

std::optional<std::int64_t> whole_number(const nlohmann::json& value) {
  // JSON Schema counts 498.0 as an integer, so a whole float is one too.
  if (value.is_number_float()) {
    double number = value.get<double>();
    if (std::trunc(number) == number && number >= -9.2e18 && number <= 9.2e18) return static_cast<std::int64_t>(number);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return std::nullopt;
}

Result<std::optional<std::int64_t>> StrictJsonReader::integer(const std::string& field) {
  const auto* value = raw(field);
  if (!value) return std::optional<std::int64_t>{};
  auto number = whole_number(*value);
  if (!number) return invalid(field, "must be a whole number");
  return number;
}

Result<std::map<std::string, std::string>> StrictJsonReader::string_map(const std::string& field) {
  std::map<std::string, std::string> out;
  const auto* value = raw(field);
  if (!value) return out;
  if (!value->is_object()) return invalid(field, "must be an object of strings");
  for (const auto& [key, item] : value->items()) {
    if (!item.is_string()) return invalid(field + "." + key, "must be a string");
    out[key] = item.get<std::string>();
  }
  return out;
}

Result<const nlohmann::json*> StrictJsonReader::object(const std::string& field) {
  const auto* value = raw(field);
  if (value && !value->is_object()) return invalid(field, "must be an object");
  return value;
}

Status StrictJsonReader::no_other_fields() const {
  for (const auto& [key, value] : object_.items())
    if (!read_.count(key)) return Error{ErrorCode::InvalidRequest, "unknown field '" + name(key) + "'"};
  return Ok{};
}

Result<StrictJsonReader> strict_object(const nlohmann::json& value, const std::string& path) {
  if (!value.is_object())
    return Error{ErrorCode::InvalidRequest, (path.empty() ? std::string("the body") : "'" + path + "'") + " must be a JSON object"};
  return StrictJsonReader(value, path);
}

}  // namespace kiln::service
