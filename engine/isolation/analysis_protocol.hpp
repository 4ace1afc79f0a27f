#pragma once
// What an analysis worker and kiln say to each other: one JSON object a line.
//   request: {"op": "load"|"detect"|"generate", "buildpack": <descriptor JSON>, "root": "/abs/app",
//             "detection": {...}, "options": {...}}        (detection and options for generate)
//   answer:  {"ok": true, "result": <detection | plan | null>}
//            {"ok": false, "code": "...", "message": "..."}
// The worker runs plugin code, so kiln reads its answers as untrusted output.
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "plugins/buildpack_descriptor.hpp"

namespace kiln::isolation {

nlohmann::json descriptor_to_wire(const BuildpackDescriptor& descriptor);
BuildpackDescriptor descriptor_from_wire(const nlohmann::json& value);

nlohmann::json ok_answer(nlohmann::json result);
nlohmann::json error_answer(const Error& error);
// The result of an answer line, or the error it carries (or a protocol error).
Result<nlohmann::json> read_answer(const std::string& line);

}  // namespace kiln::isolation
