#include "service/server_log.hpp"

#include "service/utc_timestamp.hpp"

namespace kiln::service {

void ServerLog::write(const std::string& level, const std::string& message, const nlohmann::json& fields) {
  std::string line;
  if (format_ == Format::Json) {
    nlohmann::json entry = {{"time", rfc3339_utc_ms(now_epoch_ms())}, {"level", level}, {"msg", message}};
    for (const auto& [key, value] : fields.items()) entry[key] = value;
    line = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = rfc3339_utc_ms(now_epoch_ms()) + " " + level + " " + message;
    for (const auto& [key, value] : fields.items())
      line += " " + key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  std::lock_guard lock(mutex_);
  out_ << line << '\n' << std::flush;
}

}  // namespace kiln::service
