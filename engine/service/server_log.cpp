#include "service/server_log.hpp"

#include <cstdio>

#include "service/utc_timestamp.hpp"

namespace kiln::service {
namespace {

// Control characters become escapes: a line break in a request path would otherwise forge a log line.
std::string escape_controls(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
      continue;
    }
    char escaped[8];
    std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
    out += escaped;
  }
  return out;
}

// A value with spaces, quotes, '=' or control characters is quoted, so a line splits into key=value pairs one way only.
std::string text_value(const std::string& value) {
  bool plain = !value.empty();
  for (unsigned char c : value) plain = plain && c > 0x20 && c != 0x7f && c != '"' && c != '=';
  return plain ? value : nlohmann::json(value).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void ServerLog::write(const std::string& level, const std::string& message, const nlohmann::json& fields) {
  std::string line;
  if (format_ == Format::Json) {
    nlohmann::json entry = {{"time", rfc3339_utc_ms(now_epoch_ms())}, {"level", level}, {"msg", message}};
    for (const auto& [key, value] : fields.items()) entry[key] = value;
    line = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = rfc3339_utc_ms(now_epoch_ms()) + " " + level + " " + escape_controls(message);
    for (const auto& [key, value] : fields.items())
      line += " " + key + "=" +
              (value.is_string() ? text_value(value.get<std::string>()) : value.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
  }
  std::lock_guard lock(mutex_);
  out_ << line << '\n' << std::flush;
}

}  // namespace kiln::service
