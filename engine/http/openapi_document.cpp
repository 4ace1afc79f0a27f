#include "http/openapi_document.hpp"

#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/schema_check.hpp"
#include "http/openapi_bundle.hpp"
#include "http/openapi_source_text.hpp"

namespace kiln::http {
namespace {

// The files openapi.json names in its "$ref"s, by name: the SDK's schemas, compiled in.
std::optional<nlohmann::json> sdk_schema_file(const std::string& name) {
  if (name == "detection.schema.json") return sdk_schema(SdkSchema::detection);
  if (name == "plan.schema.json") return sdk_schema(SdkSchema::plan);
  return std::nullopt;
}

}  // namespace

std::string_view openapi_document() {
  static const std::string text = [] {
    auto bundled = bundle_schema_files(nlohmann::json::parse(openapi_source_text()), sdk_schema_file);
    // Both texts are compiled in and a unit test assembles them: a failure here is a defect of
    // the build, not of a request, and stops the server at its start (DocumentedMethods reads it).
    if (!bundled) throw std::logic_error(bundled.error().message);
    return bundled->dump(2);
  }();
  return text;
}

}  // namespace kiln::http
