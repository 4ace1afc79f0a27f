#include "service/build_state_json.hpp"

namespace kiln::service {
namespace {

nlohmann::json optional_int(const std::optional<int>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::optional<int> read_optional_int(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end() || found->is_null()) return std::nullopt;
  return found->get<int>();
}

}  // namespace

nlohmann::json build_state_json(const BuildRecord& record) {
  nlohmann::json failure = nullptr;
  if (record.failure) {
    failure = {{"code", to_string(record.failure->code)},
               {"message", record.failure->message},
               {"step", optional_int(record.failure->step)},
               {"exit_code", optional_int(record.failure->exit_code)}};
  }
  return {
      {"progress", record.progress},
      {"current_step", record.current_step},
      {"detection", record.detection},
      {"plan", record.plan},
      {"revision", record.revision},
      {"image", {{"id", record.image_id}, {"digest", record.image_digest}, {"size", record.image_size}, {"tags", record.tags}}},
      {"failure", std::move(failure)},
  };
}

Status read_build_state_json(const nlohmann::json& state, BuildRecord& record) {
  try {
    record.progress = state.at("progress").get<double>();
    record.current_step = state.at("current_step").get<std::string>();
    record.detection = state.value("detection", nlohmann::json());
    record.plan = state.value("plan", nlohmann::json());
    record.revision = state.value("revision", std::string());  // absent in builds stored before it was kept
    const auto& image = state.at("image");
    record.image_id = image.at("id").get<std::string>();
    record.image_digest = image.at("digest").get<std::string>();
    record.image_size = image.at("size").get<std::int64_t>();
    record.tags = image.at("tags").get<std::vector<std::string>>();
    record.failure.reset();
    if (const auto& failure = state.at("failure"); !failure.is_null()) {
      // A code an older version wrote reads as the code it became; one unknown here is still a failure.
      record.failure = BuildFailure{error_code_or(failure.at("code").get<std::string>(), ErrorCode::InternalError), failure.at("message").get<std::string>(),
                                    read_optional_int(failure, "step"), read_optional_int(failure, "exit_code")};
    }
  } catch (const nlohmann::json::exception& e) {
    return Error{ErrorCode::StorageCorrupt, std::string("stored state of build ") + record.id + " is not what kiln wrote: " + e.what()};
  }
  return Ok{};
}

std::string stored_json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kiln::service
