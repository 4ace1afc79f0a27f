#pragma once
// Folds the JSON Schemas an OpenAPI document refers to by file into the document itself, so the
// document is written with `"$ref": "../../sdk/schema/plan.schema.json"` (the plan's shape is the
// SDK's, written once) and still served as one self-contained OpenAPI 3.1 document that tools load
// without fetching a file.
//
// A schema file becomes the component named by its `title` ("BuildPlan"), each of its
// `definitions` a component of its own name ("PlanPhase"), and every reference is rewritten to
// point at them: "plan.schema.json" -> "#/components/schemas/BuildPlan",
// "plan.schema.json#/definitions/PlanPhase" -> "#/components/schemas/PlanPhase",
// "detection.schema.json#/properties/score" -> "#/components/schemas/Detection/properties/score",
// and inside a schema "#/definitions/Argv" -> "#/components/schemas/Argv". `$schema` and `$id`
// are dropped: the document's dialect applies, which reads the SDK's draft-07 keywords alike
// (schema_consistency_test holds the SDK schemas to such keywords).
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiln::http {

// The schema a file reference names, by the file's name ("plan.schema.json"); nothing for a file it does not know.
using SchemaFiles = std::function<std::optional<nlohmann::json>(const std::string& file_name)>;

// The document with every schema it refers to by file folded in. Errors (internal_error): a
// reference to an unknown file, a schema without a title, a component name used twice.
Result<nlohmann::json> bundle_schema_files(nlohmann::json document, const SchemaFiles& files);

}  // namespace kiln::http
