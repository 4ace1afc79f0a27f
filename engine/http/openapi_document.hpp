#pragma once
// The OpenAPI 3 document of the API (engine/http/openapi.json, compiled in).
#include <string_view>

namespace kiln::http {

std::string_view openapi_document();

}  // namespace kiln::http
