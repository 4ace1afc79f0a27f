#include "http/openapi_bundle.hpp"

#include <gtest/gtest.h>

namespace kiln::http {
namespace {

using nlohmann::json;

const json kPlan = json::parse(R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://kiln.dev/schema/plan.schema.json",
  "title": "BuildPlan",
  "type": "object",
  "properties": {"phases": {"type": "array", "items": {"$ref": "#/definitions/Phase"}}, "self": {"$ref": "#"}},
  "definitions": {"Phase": {"type": "object", "properties": {"name": {"$ref": "#/definitions/Name"}}},
                  "Name": {"type": "string"}}
})");

const json kDetection = json::parse(R"({"title": "Detection", "type": "object", "properties": {"score": {"type": "integer"}}})");

std::optional<json> files(const std::string& name) {
  if (name == "plan.schema.json") return kPlan;
  if (name == "detection.schema.json") return kDetection;
  return std::nullopt;
}

json document_with(const json& schemas) {
  return {{"openapi", "3.1.0"}, {"components", {{"schemas", schemas}}}};
}

TEST(OpenApiBundle, FoldsEachFileInOnceWithItsDefinitionsAsComponents) {
  auto bundled = bundle_schema_files(
      document_with({{"Build", {{"properties",
                                 {{"plan", {{"$ref", "../../sdk/schema/plan.schema.json"}}},
                                  {"first_phase", {{"$ref", "../../sdk/schema/plan.schema.json#/definitions/Phase"}}},
                                  {"score", {{"$ref", "detection.schema.json#/properties/score"}}},
                                  {"mine", {{"$ref", "#/components/schemas/Build"}}}}}}}}),
      files);
  ASSERT_TRUE(bundled) << bundled.error().message;
  const auto& schemas = bundled->at("components").at("schemas");
  const auto& build = schemas.at("Build").at("properties");
  EXPECT_EQ(build["plan"]["$ref"], "#/components/schemas/BuildPlan");
  EXPECT_EQ(build["first_phase"]["$ref"], "#/components/schemas/Phase");
  EXPECT_EQ(build["score"]["$ref"], "#/components/schemas/Detection/properties/score");
  EXPECT_EQ(build["mine"]["$ref"], "#/components/schemas/Build");

  const auto& plan = schemas.at("BuildPlan");
  EXPECT_FALSE(plan.contains("$schema") || plan.contains("$id") || plan.contains("definitions")) << plan.dump();
  EXPECT_EQ(plan["properties"]["phases"]["items"]["$ref"], "#/components/schemas/Phase");
  EXPECT_EQ(plan["properties"]["self"]["$ref"], "#/components/schemas/BuildPlan");
  EXPECT_EQ(schemas.at("Phase")["properties"]["name"]["$ref"], "#/components/schemas/Name");
  EXPECT_EQ(schemas.at("Name"), kPlan["definitions"]["Name"]);
  EXPECT_EQ(schemas.at("Detection"), kDetection);
}

TEST(OpenApiBundle, AFileNobodyRefersToStaysOut) {
  auto bundled = bundle_schema_files(document_with({{"Build", {{"$ref", "detection.schema.json"}}}}), files);
  ASSERT_TRUE(bundled) << bundled.error().message;
  EXPECT_FALSE(bundled->at("components").at("schemas").contains("BuildPlan"));
}

TEST(OpenApiBundle, RefusesUnknownFilesUntitledSchemasAndNamesUsedTwice) {
  auto unknown = bundle_schema_files(document_with({{"Build", {{"$ref", "other.schema.json"}}}}), files);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("other.schema.json"), std::string::npos) << unknown.error().message;

  auto untitled = bundle_schema_files(document_with({{"Build", {{"$ref", "plan.schema.json"}}}}),
                                      [](const std::string&) -> std::optional<json> { return json{{"type", "object"}}; });
  ASSERT_FALSE(untitled);
  EXPECT_NE(untitled.error().message.find("no title"), std::string::npos) << untitled.error().message;

  // The document's own component of a definition's name: one of the two would be lost.
  auto twice = bundle_schema_files(document_with({{"Phase", {{"type", "string"}}}, {"Build", {{"$ref", "plan.schema.json"}}}}), files);
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("Phase"), std::string::npos) << twice.error().message;
}

}  // namespace
}  // namespace kiln::http
