#pragma once
// A progress event as one JSON object, the shape sdk/schema/build-event.schema.json states.
#include <nlohmann/json.hpp>

#include "progress/progress_event.hpp"

namespace kiln::progress {

nlohmann::json event_json(const ProgressEvent& event);

}  // namespace kiln::progress
