#pragma once
// Lua cannot say everything JSON Schema distinguishes: an empty table is an
// empty list (so {} reaches us as [] where a map is expected), and a number
// written 8080.0 is a float; and a C++ plugin may write null for a field it
// leaves alone (an unset nlohmann::json member). Before validating, such values
// are reshaped to what the schema asks for at that place, and a null where the
// schema allows none means absent, as it always has; nothing else is changed. Doing this
// here, not in the schema, keeps the published schema the shape kiln writes.
#include <nlohmann/json.hpp>

#include "core/sdk_schema_data.hpp"

namespace kiln {

void normalise_for_schema(nlohmann::json& value, SdkSchema which);

}  // namespace kiln
