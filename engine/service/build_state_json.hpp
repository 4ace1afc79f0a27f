#pragma once
// How a store keeps the changing, unqueried part of a build (progress, step,
// detection, plan, image, failure) as one JSON document. Unlike the API view
// (to_json(BuildRecord)) it keeps exact values and field names that never
// change with the API, so stored builds read back the same after an upgrade.
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "service/build_record.hpp"

namespace kiln::service {

nlohmann::json build_state_json(const BuildRecord& record);
// Fills the state fields of `record` from a document written by build_state_json.
Status read_build_state_json(const nlohmann::json& state, BuildRecord& record);

// JSON text for a store: text that is not valid UTF-8 (a build's output can be
// anything) is kept with U+FFFD in its place instead of failing the write.
std::string stored_json_text(const nlohmann::json& value);

}  // namespace kiln::service
