#pragma once
// The server's own log: one line per event, as text for people or as JSON
// (--log-format json) for log shippers. Fields never hold secrets: callers
// pass request ids, paths and codes, not bodies.
#include <mutex>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace kiln::service {

class ServerLog {
 public:
  enum class Format { Text, Json };
  explicit ServerLog(std::ostream& out, Format format = Format::Text, bool debug = false)
      : out_(out), format_(format), debug_(debug) {}

  // Debug lines (per-stage timings) are written only with log_level = "debug"; callers
  // ask first so that a quiet server does not even build their fields.
  bool debug_enabled() const { return debug_; }
  void debug(const std::string& message, const nlohmann::json& fields = nlohmann::json::object()) {
    if (debug_) write("debug", message, fields);
  }

  void info(const std::string& message, const nlohmann::json& fields = nlohmann::json::object()) {
    write("info", message, fields);
  }
  void warn(const std::string& message, const nlohmann::json& fields = nlohmann::json::object()) {
    write("warn", message, fields);
  }
  void error(const std::string& message, const nlohmann::json& fields = nlohmann::json::object()) {
    write("error", message, fields);
  }
  void write(const std::string& level, const std::string& message, const nlohmann::json& fields);

 private:
  std::mutex mutex_;
  std::ostream& out_;
  Format format_;
  bool debug_;
};

}  // namespace kiln::service
