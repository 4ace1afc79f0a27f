#include "plugins/plugin_output_reader.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include <kiln/sdk/generator.hpp>

namespace kiln {
namespace {

using nlohmann::json;

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      return "\"" + (text.size() > 40 ? text.substr(0, 40) + "..." : text) + "\"";
    }
    case json::value_t::array: return "a list";
    case json::value_t::object: return "a table";
    case json::value_t::null: return "nothing";
    default: return value.dump();
  }
}

[[noreturn]] void refuse(const std::string& field, const std::string& expected, const json& got) {
  throw sdk::BuildpackError("field '" + field + "': expected " + expected + ", got " + describe(got));
}

std::string join(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }
std::string at(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index + 1) + "]"; }

// Present and not null; absent fields keep their defaults.
json* member(json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::optional<std::int64_t> whole_number(const json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    double number = value.get<double>();
    if (std::floor(number) == number && std::fabs(number) < 9.0e15) return static_cast<std::int64_t>(number);
  }
  return std::nullopt;
}

void check_string(json& object, const char* key, const std::string& path, bool required = false) {
  auto* value = member(object, key);
  if (!value) {
    if (required) refuse(join(path, key), "a string", nullptr);
    return;
  }
  if (!value->is_string() || (required && value->get_ref<const std::string&>().empty()))
    refuse(join(path, key), required ? "a non-empty string" : "a string", *value);
}

// A whole number in [low, high]; stored back as an integer so from_json reads it.
void check_integer(json& object, const char* key, const std::string& path, std::int64_t low, std::int64_t high,
                   bool required = false) {
  auto* value = member(object, key);
  const auto expected = "an integer from " + std::to_string(low) + " to " + std::to_string(high);
  if (!value) {
    if (required) refuse(join(path, key), expected, nullptr);
    return;
  }
  auto number = whole_number(*value);
  if (!number || *number < low || *number > high) refuse(join(path, key), expected, *value);
  *value = *number;
}

void check_string_list(json& object, const char* key, const std::string& path, const char* what = "a string") {
  auto* value = member(object, key);
  if (!value) return;
  const auto field = join(path, key);
  if (value->is_object() && value->empty()) *value = json::array();
  if (!value->is_array()) refuse(field, "a list of strings", *value);
  for (std::size_t i = 0; i < value->size(); ++i) {
    const auto& item = (*value)[i];
    if (!item.is_string()) refuse(at(field, i), what, item);
  }
}

void check_string_map(json& object, const char* key, const std::string& path) {
  auto* value = member(object, key);
  if (!value) return;
  const auto field = join(path, key);
  // Lua cannot tell an empty map from an empty list; both arrive as [].
  if (value->is_array() && value->empty()) *value = json::object();
  if (!value->is_object()) refuse(field, "a table of strings", *value);
  for (auto it = value->begin(); it != value->end(); ++it) {
    if (!it->is_string()) refuse(field + "." + it.key(), "a string", *it);
  }
}

json& check_table(json& value, const std::string& field) {
  if (value.is_array() && value.empty()) value = json::object();
  if (!value.is_object()) refuse(field, "a table", value);
  return value;
}

template <class CheckItem>
void check_list_of_tables(json& object, const char* key, const std::string& path, CheckItem check_item) {
  auto* value = member(object, key);
  if (!value) return;
  const auto field = join(path, key);
  if (value->is_object() && value->empty()) *value = json::array();
  if (!value->is_array()) refuse(field, "a list of tables", *value);
  for (std::size_t i = 0; i < value->size(); ++i) check_item(check_table((*value)[i], at(field, i)), at(field, i));
}

void check_phase(json& phase, const std::string& path) {
  check_string(phase, "name", path, /*required=*/true);
  check_string_list(phase, "inputs", path);
  check_string_list(phase, "commands", path, "a command string");
  check_string_list(phase, "cache_paths", path);
}

void check_artifact(json& artifact, const std::string& path) {
  check_string(artifact, "from", path, /*required=*/true);
  check_string(artifact, "to", path);
}

void check_start(json& plan) {
  auto* start = member(plan, "start");
  if (!start || start->is_string()) return;
  if (start->is_array()) {
    check_string_list(plan, "start", "", "an argument string");
    return;
  }
  if (!start->is_object()) refuse("start", "a command string, a list of arguments, {argv=...} or {shell=...}", *start);
  check_string_list(*start, "argv", "start", "an argument string");
  check_string(*start, "shell", "start");
}

void check_dockerfile(json& build, const std::string& path) {
  check_string(build, "path", path);
  check_string(build, "context", path);
  check_string(build, "target", path);
  check_string_map(build, "build_args", path);
}

void check_service(json& service, const std::string& path) {
  check_string(service, "name", path, /*required=*/true);
  if (auto* build = member(service, "build")) check_dockerfile(check_table(*build, join(path, "build")), join(path, "build"));
  check_integer(service, "port", path, 1, 65535);
}

void check_plan(json& plan) {
  check_integer(plan, "version", "", sdk::kPlanVersion, sdk::kPlanVersion);
  for (const char* key : {"buildpack", "language", "framework", "package_manager", "build_image", "run_image", "workdir"})
    check_string(plan, key, "");
  check_string_list(plan, "build_packages", "");
  check_string_list(plan, "run_packages", "");
  check_string_map(plan, "env", "");
  check_string_map(plan, "build_env", "");
  check_list_of_tables(plan, "phases", "", check_phase);
  check_list_of_tables(plan, "artifacts", "", check_artifact);
  check_start(plan);
  check_integer(plan, "port", "", 1, 65535);
  if (auto* dockerfile = member(plan, "dockerfile")) check_dockerfile(check_table(*dockerfile, "dockerfile"), "dockerfile");
  check_list_of_tables(plan, "services", "", check_service);
}

}  // namespace

sdk::Detection read_detection(const json& value) {
  if (value.is_null() || value == false) return sdk::Detection::no();
  json table = value;
  check_table(table, "detection");
  if (auto* pass = member(table, "pass")) {
    if (!pass->is_boolean()) refuse("pass", "true or false", *pass);
    if (!pass->get<bool>()) return sdk::Detection::no();
  }
  check_integer(table, "score", "", 0, 100, /*required=*/true);
  check_string(table, "language", "", /*required=*/true);
  check_string(table, "framework", "");
  check_string(table, "package_manager", "");
  check_string_list(table, "evidence", "");
  if (auto* facts = member(table, "facts")) check_table(*facts, "facts");

  sdk::Detection detection;
  detection.pass = true;
  detection.score = table["score"].get<int>();
  detection.language = table["language"].get<std::string>();
  if (auto* framework = member(table, "framework")) detection.framework = framework->get<std::string>();
  if (auto* manager = member(table, "package_manager")) detection.package_manager = manager->get<std::string>();
  if (auto* evidence = member(table, "evidence")) detection.evidence = evidence->get<std::vector<std::string>>();
  if (auto* facts = member(table, "facts")) detection.facts = *facts;
  return detection;
}

sdk::BuildPlan read_plan(const json& value) {
  json plan = value;
  check_table(plan, "plan");
  check_plan(plan);
  try {
    return plan.get<sdk::BuildPlan>();
  } catch (const json::exception& e) {
    // check_plan should have caught every type error; this names what slipped through.
    throw sdk::BuildpackError(std::string("plan: ") + e.what());
  }
}

}  // namespace kiln
