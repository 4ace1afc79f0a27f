#pragma once
// engine/http/openapi.json as written (compiled in): it refers to the SDK's JSON Schemas by
// file. What is served is openapi_document(), with them folded in.
#include <string_view>

namespace kiln::http {

std::string_view openapi_source_text();

}  // namespace kiln::http
