#pragma once
// The OpenAPI 3.1 document of the API as served at /api/v1/openapi.json: engine/http/openapi.json
// with the SDK's JSON Schemas (sdk/schema/, the one statement of the detection's and the plan's
// shape) folded into its components, so it is self-contained. Assembled once, at first use.
#include <string_view>

namespace kiln::http {

std::string_view openapi_document();

}  // namespace kiln::http
