// The plan's and the detection's shape is written once, in sdk/schema/. These
// tests fail when the C++ JSON (sdk/plan.hpp, sdk/detector.hpp) drifts from it, or
// when the OpenAPI document (engine/http/openapi.json) copies it instead of referring
// to it, or serves something else than it.
#include <gtest/gtest.h>

#include <filesystem>
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
#include "http/openapi_source_text.hpp"

namespace kiln {
namespace {

using nlohmann::json;

sdk::BuildPlan full_plan() {
  sdk::BuildPlan plan;
  plan.buildpack = "kiln.node";
  plan.language = "node";
  plan.framework = "next";
  plan.package_manager = "npm";
  plan.build_image = sdk::BaseImage::of_runtime("node", ">=20 <21", sdk::VersionPin{"package.json", 7, "engines.node"});
  plan.run_image = "node:22-bookworm-slim";
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
  for (const json& plan : {json(full_plan()), json(with_shell)}) {
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
// engine/http/openapi.json refers to the SDK's schemas by file instead of copying them, and the
// served document carries them folded in (http/openapi_bundle.hpp): the same schemas, word for
// word, with only their references pointing into the document.

const std::string kSdkSchemaDir = "../../sdk/schema/";

// Every "$ref" in `value`, with where it was found.
void collect_refs(const json& value, const std::string& where, std::vector<std::pair<std::string, std::string>>& out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it.key() == "$ref" && it->is_string()) out.emplace_back(where, it->get<std::string>());
      else collect_refs(*it, where + "/" + it.key(), out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) collect_refs(value[i], where + "/" + std::to_string(i), out);
  }
}

TEST(SchemaConsistency, TheOpenApiDocumentRefersToTheSdkSchemasInsteadOfCopyingThem) {
  const auto source = json::parse(http::openapi_source_text());
  const auto& components = source.at("components").at("schemas");
  // No component of the document's own says what an SDK schema says.
  for (auto which : {SdkSchema::detection, SdkSchema::plan}) {
    const auto& schema = sdk_schema(which);
    EXPECT_FALSE(components.contains(schema.at("title").get<std::string>())) << schema.at("title");
    const auto definitions = schema.value("definitions", json::object());
    for (auto it = definitions.begin(); it != definitions.end(); ++it)
      EXPECT_FALSE(components.contains(it.key())) << it.key() << " is a definition of plan.schema.json";
  }
  // The plan and the detection's fields are the SDK's, by reference; every file named is there.
  std::vector<std::pair<std::string, std::string>> refs;
  collect_refs(source, "", refs);
  std::set<std::string> external;
  for (const auto& [where, ref] : refs) {
    if (ref.rfind('#', 0) == 0) continue;
    const auto file = ref.substr(0, ref.find('#'));
    EXPECT_EQ(file.rfind(kSdkSchemaDir, 0), 0u) << where << ": " << ref << " is not an SDK schema";
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(KILN_SOURCE_DIR) / "engine" / "http" / file)) << where << ": " << ref;
    external.insert(ref);
  }
  EXPECT_TRUE(external.count(kSdkSchemaDir + "plan.schema.json"));
  for (const char* field : {"language", "framework", "package_manager", "score", "evidence"})
    EXPECT_EQ(components.at("DetectionReport").at("properties").at(field).value("$ref", ""),
              kSdkSchemaDir + "detection.schema.json#/properties/" + field);
}

// `served` says what `sdk` says, its references aside, which must point where `sdk`'s pointed.
void expect_same_schema(const json& sdk, const json& served, const std::string& title, const std::string& where) {
  if (sdk.is_object() && served.is_object()) {
    std::set<std::string> sdk_keys = keys(sdk), served_keys = keys(served);
    for (const char* dropped : {"$schema", "$id", "definitions"}) sdk_keys.erase(dropped);
    EXPECT_EQ(sdk_keys, served_keys) << where;
    for (const auto& key : sdk_keys) {
      if (!served.contains(key)) continue;
      if (key != "$ref") {
        expect_same_schema(sdk[key], served[key], title, where + "/" + key);
        continue;
      }
      const auto ref = sdk[key].get<std::string>();
      const std::string definition = "#/definitions/";
      const auto expected = ref.rfind(definition, 0) == 0 ? "#/components/schemas/" + ref.substr(definition.size())
                                                          : "#/components/schemas/" + title + ref.substr(1);
      EXPECT_EQ(served[key], expected) << where;
    }
  } else if (sdk.is_array() && served.is_array() && sdk.size() == served.size()) {
    for (std::size_t i = 0; i < sdk.size(); ++i) expect_same_schema(sdk[i], served[i], title, where + "/" + std::to_string(i));
  } else {
    EXPECT_EQ(sdk, served) << where;
  }
}

TEST(SchemaConsistency, TheServedOpenApiDocumentCarriesTheSdkSchemasAsTheyAre) {
  const auto served = json::parse(http::openapi_document());
  const auto& components = served.at("components").at("schemas");
  for (auto which : {SdkSchema::detection, SdkSchema::plan}) {
    const auto& schema = sdk_schema(which);
    const auto title = schema.at("title").get<std::string>();
    ASSERT_TRUE(components.contains(title)) << title;
    expect_same_schema(schema, components[title], title, title);
    const auto definitions = schema.value("definitions", json::object());
    for (auto it = definitions.begin(); it != definitions.end(); ++it) {
      ASSERT_TRUE(components.contains(it.key())) << it.key();
      expect_same_schema(*it, components[it.key()], title, it.key());
    }
  }
  EXPECT_EQ(components.at("DetectionReport").at("properties").at("score").value("$ref", ""),
            "#/components/schemas/Detection/properties/score");
}

// The SDK's schemas are draft-07 (valijson knows no later draft) and the OpenAPI 3.1 document
// reads them as JSON Schema 2020-12. They mean the same in both only while they use keywords the
// two drafts read alike: not the array form of `items`, `additionalItems`, `dependencies`, or a
// `$ref` with anything but annotations beside it (draft-07 ignores those, 2020-12 applies them).
void expect_keywords_both_drafts_read_alike(const json& schema, const std::string& where) {
  static const std::set<std::string> alike = {
      "type", "properties", "additionalProperties", "patternProperties", "required", "items", "oneOf", "anyOf", "allOf",
      "not", "if", "then", "else", "const", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern",
      "minItems", "maxItems", "minProperties", "maxProperties", "title", "description", "default", "examples", "$ref"};
  static const std::set<std::string> beside_ref = {"$ref", "title", "description"};
  ASSERT_TRUE(schema.is_object()) << where;
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    const auto& key = it.key();
    EXPECT_TRUE(alike.count(key)) << where << ": '" << key << "' is not read alike by draft-07 and 2020-12";
    if (schema.contains("$ref")) {
      EXPECT_TRUE(beside_ref.count(key)) << where << ": '" << key << "' beside $ref";
    }
    if (key == "properties" || key == "patternProperties") {
      for (auto member = it->begin(); member != it->end(); ++member)
        expect_keywords_both_drafts_read_alike(*member, where + "/" + key + "/" + member.key());
    } else if (key == "oneOf" || key == "anyOf" || key == "allOf") {
      for (std::size_t i = 0; i < it->size(); ++i) expect_keywords_both_drafts_read_alike((*it)[i], where + "/" + key + "/" + std::to_string(i));
    } else if (key == "items" || key == "not" || key == "if" || key == "then" || key == "else" ||
               (key == "additionalProperties" && it->is_object())) {
      expect_keywords_both_drafts_read_alike(*it, where + "/" + key);
    }
  }
}

TEST(SchemaConsistency, SdkSchemasUseKeywordsDraft07AndOpenApi31ReadAlike) {
  for (auto which : {SdkSchema::detection, SdkSchema::plan}) {
    auto schema = sdk_schema(which);
    const auto title = schema.at("title").get<std::string>();
    const auto definitions = schema.value("definitions", json::object());
    for (const char* top : {"$schema", "$id", "definitions"}) schema.erase(top);
    expect_keywords_both_drafts_read_alike(schema, title);
    for (auto it = definitions.begin(); it != definitions.end(); ++it) expect_keywords_both_drafts_read_alike(*it, it.key());
  }
}

}  // namespace
}  // namespace kiln
