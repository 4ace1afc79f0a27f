#include "plugins/plugin_output_reader.hpp"

#include <string>

#include <kiln/sdk/generator.hpp>

#include "core/schema_check.hpp"
#include "core/schema_normalise.hpp"

namespace kiln {
namespace {

using nlohmann::json;

// Reshaped for Lua, then held to the SDK's schema; `whole` names the value
// itself when it is what is wrong ("field 'detection': expected a table, got 42").
json checked(const json& value, SdkSchema which, const char* whole) {
  json copy = value;
  normalise_for_schema(copy, which);
  if (auto problem = check_against_schema(copy, which, /*first_index=*/1))
    throw sdk::BuildpackError("field '" + (problem->field.empty() ? whole : problem->field) + "': " + problem->message);
  return copy;
}

}  // namespace

sdk::Detection read_detection(const json& value) {
  if (value.is_null() || value == false) return sdk::Detection::no();
  if (value.is_object() && value.value("pass", json(true)) == false) return sdk::Detection::no();
  const json table = checked(value, SdkSchema::detection, "detection");

  // Every field has its schema type now, so plain reads cannot throw.
  sdk::Detection detection;
  detection.pass = true;
  detection.score = table.at("score").get<int>();
  detection.language = table.at("language").get<std::string>();
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto it = table.find(key);
    return it == table.end() || it->is_null() ? std::nullopt : std::optional(it->get<std::string>());
  };
  detection.framework = text("framework");
  detection.package_manager = text("package_manager");
  if (auto it = table.find("evidence"); it != table.end()) detection.evidence = it->get<std::vector<std::string>>();
  if (auto it = table.find("facts"); it != table.end()) detection.facts = *it;
  return detection;
}

sdk::BuildPlan read_plan(const json& value) {
  const json plan = checked(value, SdkSchema::plan, "plan");
  try {
    return plan.get<sdk::BuildPlan>();
  } catch (const json::exception& e) {
    // The schema and from_json disagree (schema_consistency_test should have said so).
    throw sdk::BuildpackError(std::string("plan: ") + e.what());
  }
}

template <class Read>
auto read_at(const PluginOutput& output, Read read) {
  try {
    return read(output.value);
  } catch (const sdk::BuildpackError& e) {
    throw sdk::BuildpackError(output.site + ": " + e.what());
  }
}

sdk::Detection read_detection(const PluginOutput& output) {
  return read_at(output, [](const json& v) { return read_detection(v); });
}

sdk::BuildPlan read_plan(const PluginOutput& output) {
  return read_at(output, [](const json& v) { return read_plan(v); });
}

}  // namespace kiln
