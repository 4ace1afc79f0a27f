// The plan's and the detection's shape is written once, in sdk/schema/. These
// tests fail when the C++ JSON (sdk/plan.hpp, sdk/detector.hpp) or the OpenAPI
// components (engine/http/openapi.json) drift from it.
#include <gtest/gtest.h>

#include <set>
#include <string>

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

// Every object to_json writes has exactly the properties its schema lists,
// all the way down (facts is the buildpack's own, so it is not looked into).
void expect_same_keys(const json& value, const json& schema, const json& root, const std::string& where) {
  const auto& s = branch_for(schema, root, value);
  if (value.is_object() && s.contains("properties")) {
    EXPECT_EQ(keys(value), keys(s["properties"])) << where;
    for (auto it = value.begin(); it != value.end(); ++it)
      if (const auto* child = member_schema(schema, root, value, it.key()))
        expect_same_keys(*it, *child, root, where + "." + it.key());
  } else if (value.is_array()) {
    if (const auto* child = item_schema(schema, root, value))
      for (const auto& item : value) expect_same_keys(item, *child, root, where + "[]");
  }
}

TEST(SchemaConsistency, AFullPlanFromToJsonValidates) {
  const json plan = full_plan();
  auto problem = check_against_schema(plan, SdkSchema::plan, 0);
  EXPECT_FALSE(problem) << problem->field << ": " << problem->message;
  expect_same_keys(plan, sdk_schema(SdkSchema::plan), sdk_schema(SdkSchema::plan), "plan");
}

TEST(SchemaConsistency, ADefaultPlanFromToJsonValidates) {
  auto problem = check_against_schema(json(sdk::BuildPlan{}), SdkSchema::plan, 0);
  EXPECT_FALSE(problem) << problem->field << ": " << problem->message;
}

TEST(SchemaConsistency, DetectionsFromToJsonValidate) {
  const json detection = full_detection();
  auto problem = check_against_schema(detection, SdkSchema::detection, 0);
  EXPECT_FALSE(problem) << problem->field << ": " << problem->message;
  expect_same_keys(detection, sdk_schema(SdkSchema::detection), sdk_schema(SdkSchema::detection), "detection");
  EXPECT_FALSE(check_against_schema(json(sdk::Detection::no()), SdkSchema::detection, 0));
}

// ---- OpenAPI ------------------------------------------------------------------
// OpenAPI 3.0 has its own schema dialect (nullable instead of "null" types), so
// the components are compared by what they say: the same properties, and for
// each the same types, nullability, range and referenced component.

struct Shape {
  std::set<std::string> types;  // without "null"
  bool nullable = false;
  json minimum, maximum;
  std::set<std::string> refs;   // names of the Plan* components referred to
  std::string items;            // the items' shape, for lists
  bool operator==(const Shape&) const = default;
};

std::string to_string(const Shape& s) {
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
  if (auto items = schema.find("items"); items != schema.end()) shape.items = to_string(shape_of(*items, root, ref_prefix));
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
    EXPECT_EQ(to_string(mine), to_string(api_shape)) << name << "." << it.key();
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
    EXPECT_EQ(to_string(shape_of(detection["properties"][field], detection, "#/definitions/")),
              to_string(shape_of(report.at(field), api, "#/components/schemas/")))
        << "DetectionReport." << field;
}

}  // namespace
}  // namespace kiln
