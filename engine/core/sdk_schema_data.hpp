#pragma once
// The SDK's JSON Schemas (sdk/schema/*.schema.json), compiled in so kiln checks
// plugin output against exactly the files buildpack authors are given. They are
// kept as CBOR (made at build time by engine/tools/schema_embed.cpp), which is
// read several times faster than the JSON text.
#include <cstdint>
#include <span>

namespace kiln {

enum class SdkSchema { detection, plan };

std::span<const std::uint8_t> sdk_schema_cbor(SdkSchema which);

}  // namespace kiln
