#pragma once
// The SDK's JSON Schemas (sdk/schema/*.schema.json), compiled in so kiln checks
// plugin output against exactly the files buildpack authors are given. They are
// kept as CBOR (made at build time by engine/tools/schema_embed.cpp), which is
// read faster than JSON text, in two forms: as written, and as checked (the
// patterns given to valijson as functions: core/schema_fast_patterns.hpp).
#include <cstdint>
#include <span>

namespace kiln {

enum class SdkSchema { detection, plan };
enum class SchemaForm { written, checked };

std::span<const std::uint8_t> sdk_schema_cbor(SdkSchema which, SchemaForm form);

}  // namespace kiln
