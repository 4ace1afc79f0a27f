#pragma once
// The SDK's JSON Schemas (sdk/schema/*.schema.json), compiled in so kiln checks
// plugin output against exactly the files buildpack authors are given.
#include <string_view>

namespace kiln {

enum class SdkSchema { detection, plan };

std::string_view sdk_schema_text(SdkSchema which);

}  // namespace kiln
