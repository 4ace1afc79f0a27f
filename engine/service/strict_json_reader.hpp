#pragma once
// Reads one JSON object field by field, naming the field (with its path) in
// every error, and refusing fields nobody asked for: a typo in a request is
// an answer, not a silently ignored option.
#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiln::service {

class StrictJsonReader {
 public:
  // `path` prefixes field names in messages: "push.registry".
  StrictJsonReader(const nlohmann::json& object, std::string path = "");

  // Each returns an error when the field is present with the wrong type.
  Result<std::optional<std::string>> string(const std::string& field);
  Result<std::optional<bool>> boolean(const std::string& field);
  Result<std::optional<std::int64_t>> integer(const std::string& field);
  Result<std::map<std::string, std::string>> string_map(const std::string& field);
  // The field as an object, for a nested reader; null when absent.
  Result<const nlohmann::json*> object(const std::string& field);
  // A field of any type (read by the caller).
  const nlohmann::json* raw(const std::string& field);

  // Call last: an error naming the first field that was never read.
  Status no_other_fields() const;

  std::string name(const std::string& field) const { return path_.empty() ? field : path_ + "." + field; }
  Error invalid(const std::string& field, const std::string& what) const;

 private:
  const nlohmann::json& object_;
  std::string path_;
  std::set<std::string> read_;
};

// The value as a whole number when JSON Schema would call it an integer (498 or 498.0); else nothing.
std::optional<std::int64_t> whole_number(const nlohmann::json& value);

// Checks the body is a JSON object before reading it.
Result<StrictJsonReader> strict_object(const nlohmann::json& value, const std::string& path = "");

}  // namespace kiln::service
