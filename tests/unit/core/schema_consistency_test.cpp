// The plan's and the detection's shape is written once, in sdk/schema/. These
// tests fail when the C++ JSON (sdk/plan.hpp, sdk/detector.hpp) or the OpenAPI
// components (engine/http/openapi.json) drift from it.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>
#include <vector>
#include <string>

#include <kiln/sdk/detector.hpp>
#include <kiln/sdk/plan.hpp>
#include <nlohmann/json.hpp>

#include "core/schema_check.hpp"
#include "core/schema_walk.hpp"
#include "http/openapi_document.hpp"

namespace kiln {
namespace {

using nlohmann::json;

sdk::BuildPlan full_plan() {
  sdk::BuildPlan plan;
  plan.buildpack = "kiln.node";
  plan.language = "node";
  plan.framework = "next";
  plan.package_manager = "npm";
  plan.build_image = "node";
  plan.run_image = "kiln/stack-node:bookworm";
  plan.build_packages = {"python3=3.11.2-1"};
  plan.run_packages = {"libvips42"};
  plan.env = {{"NODE_ENV", "production"}};
  plan.build_env = {{"NEXT_TELEMETRY_DISABLED", "1"}};
  plan.phases = {{"install", {"package.json"}, {"npm ci"}, {"/root/.npm"}}};
  plan.artifacts = {{"/app", "/app"}};
  plan.start.argv = {"node", "server.js"};
  plan.port = 3000;
  plan.dockerfile = sdk::DockerfileBuild{"Dockerfile", "web", "prod", {{"NODE_VERSION", "20"}}};
  plan.services = {{"web", *plan.dockerfile, 8080}};
  return plan;
}

sdk::Detection full_detection() {
  sdk::Detection d;
  d.pass = true;
  d.score = 85;
  d.language = "node";
  d.framework = "next";
  d.package_manager = "npm";
  d.evidence = {"package.json"};
  d.facts = {{"entry", "server.js"}};
  return d;
}

std::set<std::string> keys(const json& object) {
  std::set<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.insert(it.key());
  return out;
}

// The keys to_json writes for each object the schema lists properties of, by
// path. Collected over several documents, because to_json writes one form of
// start (argv or shell) at a time. facts is the buildpack's own: not looked into.
using KeysSeen = std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>>;  // written, listed

void collect_keys(const json& value, const json& schema, const json& root, const std::string& where, KeysSeen& seen) {
  const auto& s = branch_for(schema, root, value);
  if (value.is_object() && s.contains("properties")) {
    auto& [written, listed] = seen[where];
    written.merge(keys(value));
    listed = keys(s["properties"]);
  }
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      if (const auto* child = member_schema(schema, root, value, it.key()))
        collect_keys(*it, *child, root, where + "." + it.key(), seen);
  } else if (value.is_array()) {
    if (const auto* child = item_schema(schema, root, value))
      for (const auto& item : value) collect_keys(item, *child, root, where + "[]", seen);
  }
}

void expect_same_keys(const std::vector<json>& documents, SdkSchema which, const std::string& name) {
  const auto& root = sdk_schema(which);
  KeysSeen seen;
  for (const auto& document : documents) collect_keys(document, root, root, name, seen);
  for (const auto& [where, sets] : seen) EXPECT_EQ(sets.first, sets.second) << where << ": to_json's keys and the schema's properties differ";
}

TEST(SchemaConsistency, AFullPlanFromToJsonValidates) {
  auto with_shell = full_plan();
  with_shell.start = sdk::StartCommand{{}, "npm start"};
  for (const json plan : {json(full_plan()), json(with_shell)}) {
    auto problem = check_against_schema(plan, SdkSchema::plan, 0);
    EXPECT_FALSE(problem) << problem->field << ": " << problem->message;
  }
  expect_same_keys({full_plan(), with_shell}, SdkSchema::plan, "plan");
}

TEST(SchemaConsistency, ADefaultPlanFromToJsonValidates) {
  auto problem = check_against_schema(json(sdk::BuildPlan{}), SdkSchema::plan, 0);
  EXPECT_FALSE(problem) << problem->field << ": " << problem->message;
}

TEST(SchemaConsistency, DetectionsFromToJsonValidate) {
  const json detection = full_detection();
  auto problem = check_against_schema(detection, SdkSchema::detection, 0);
  EXPECT_FALSE(problem) << problem->field << ": " << problem->message;
  expect_same_keys({detection}, SdkSchema::detection, "detection");
  EXPECT_FALSE(check_against_schema(json(sdk::Detection::no()), SdkSchema::detection, 0));
}

// ---- OpenAPI ------------------------------------------------------------------
// The OpenAPI document speaks its own dialect of JSON Schema (3.1; nullable in 3.0), so
// the components are compared by what they say: the same properties, and for
// each the same types, nullability, range and referenced component.

struct Shape {
  std::set<std::string> types;  // without "null"
  bool nullable = false;
  json minimum, maximum;
  std::set<std::string> refs;   // names of the Plan* components referred to
  std::string items;            // the items' shape, for lists
};

std::string shape_text(const Shape& s) {
  return json{{"types", s.types}, {"nullable", s.nullable}, {"minimum", s.minimum}, {"maximum", s.maximum},
              {"refs", s.refs}, {"items", s.items}}.dump();
}

const std::set<std::string> kSharedComponents = {"PlanPhase", "PlanArtifact", "PlanStartCommand", "PlanDockerfile",
                                                 "PlanComposeService"};

void add_shape(Shape& shape, const json& schema, const json& root, const std::string& ref_prefix);

Shape shape_of(const json& schema, const json& root, const std::string& ref_prefix) {
  Shape shape;
  add_shape(shape, schema, root, ref_prefix);
  return shape;
}

void add_shape(Shape& shape, const json& schema, const json& root, const std::string& ref_prefix) {
  if (auto ref = schema.find("$ref"); ref != schema.end()) {
    const auto name = ref->get<std::string>().substr(ref_prefix.size());
    if (kSharedComponents.count(name)) {
      shape.refs.insert(name);
      return;
    }
    return add_shape(shape, resolve_ref(schema, root), root, ref_prefix);
  }
  for (const char* key : {"oneOf", "anyOf", "allOf"})
    if (auto options = schema.find(key); options != schema.end())
      for (const auto& option : *options) add_shape(shape, option, root, ref_prefix);
  if (auto type = schema.find("type"); type != schema.end())
    for (const auto& name : type->is_array() ? *type : json::array({*type}))
      name == "null" ? void(shape.nullable = true) : void(shape.types.insert(name.get<std::string>()));
  if (auto c = schema.find("const"); c != schema.end() && c->is_string()) shape.types.insert("string");
  if (schema.value("nullable", false)) shape.nullable = true;
  if (schema.contains("minimum")) shape.minimum = schema["minimum"];
  if (schema.contains("maximum")) shape.maximum = schema["maximum"];
  if (auto items = schema.find("items"); items != schema.end()) shape.items = shape_text(shape_of(*items, root, ref_prefix));
}

// The object form of a schema (PlanStartCommand is also a string or a list in the plan schema).
const json& object_form(const json& schema, const json& root) { return branch_for(schema, root, json::object()); }

void expect_same_component(const json& ours, const json& plan_root, const json& theirs, const json& api,
                           const std::string& name) {
  const auto& a = object_form(ours, plan_root)["properties"];
  const auto& b = theirs.at("properties");
  EXPECT_EQ(keys(a), keys(b)) << name << ": the schema's properties and the OpenAPI component's differ";
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (!b.contains(it.key())) continue;
    auto mine = shape_of(*it, plan_root, "#/definitions/");
    auto api_shape = shape_of(b[it.key()], api, "#/components/schemas/");
    EXPECT_EQ(shape_text(mine), shape_text(api_shape)) << name << "." << it.key();
  }
}

TEST(SchemaConsistency, OpenApiPlanComponentsSayWhatTheSchemaSays) {
  const auto api = json::parse(http::openapi_document());
  const auto& components = api.at("components").at("schemas");
  const auto& plan = sdk_schema(SdkSchema::plan);
  expect_same_component(plan, plan, components.at("BuildPlan"), api, "BuildPlan");
  for (const auto& name : kSharedComponents)
    expect_same_component(plan.at("definitions").at(name), plan, components.at(name), api, name);
}

TEST(SchemaConsistency, OpenApiDetectionReportSharesTheDetectionFields) {
  const auto api = json::parse(http::openapi_document());
  const auto& report = api.at("components").at("schemas").at("DetectionReport").at("properties");
  const auto& detection = sdk_schema(SdkSchema::detection);
  for (const char* field : {"language", "framework", "package_manager", "score", "evidence"})
    EXPECT_EQ(shape_text(shape_of(detection["properties"][field], detection, "#/definitions/")),
              shape_text(shape_of(report.at(field), api, "#/components/schemas/")))
        << "DetectionReport." << field;
}

}  // namespace
}  // namespace kiln
