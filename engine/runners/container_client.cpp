#include "runners/container_client.hpp"

#include <cmath>

namespace kiln {

Result<std::string> ContainerClient::create(const ContainerSpec& spec) const {
  nlohmann::json env = nlohmann::json::array();
  for (const auto& [k, v] : spec.env) env.push_back(k + "=" + v);
  auto labels = nlohmann::json(spec.labels);
  labels[kManagedLabel] = "true";
  nlohmann::json host{{"NetworkMode", spec.network}, {"AutoRemove", spec.auto_remove}};
  if (spec.memory_bytes) host["Memory"] = *spec.memory_bytes;
  if (spec.cpus) host["NanoCpus"] = std::llround(*spec.cpus * 1e9);
  if (!spec.restart_policy.empty()) host["RestartPolicy"] = {{"Name", spec.restart_policy}};
  nlohmann::json body{{"Image", spec.image}, {"Env", env}, {"Labels", labels}, {"HostConfig", host}};
  auto path = std::string("/containers/create");
  if (!spec.name.empty()) path += "?name=" + url_encode(spec.name);
  auto created = engine_.call("POST", path, body);
  if (!created) return created.error();
  return created->value("Id", "");
}

Status ContainerClient::start(const std::string& id) const {
  auto started = engine_.call("POST", "/containers/" + url_encode(id) + "/start");
  if (!started) return started.error();
  return Ok{};
}

Result<ContainerState> ContainerClient::state(const std::string& id) const {
  auto inspected = engine_.call("GET", "/containers/" + url_encode(id) + "/json");
  if (!inspected) return inspected.error();
  const auto& s = (*inspected)["State"];
  ContainerState state;
  state.running = s.value("Running", false);
  state.status = s.value("Status", "");
  if (!state.running && s.contains("ExitCode")) state.exit_code = s.value("ExitCode", 0);
  return state;
}

Status ContainerClient::stop(const std::string& id, int grace_seconds) const {
  auto stopped = engine_.call("POST", "/containers/" + url_encode(id) + "/stop?t=" + std::to_string(grace_seconds),
                              nullptr, (grace_seconds + 30) * 1000L);
  if (!stopped && stopped.error().code != ErrorCode::NotFound) return stopped.error();
  return Ok{};
}

Status ContainerClient::remove(const std::string& id) const {
  auto removed = engine_.call("DELETE", "/containers/" + url_encode(id) + "?force=1&v=1");
  if (!removed && removed.error().code != ErrorCode::NotFound) return removed.error();
  return Ok{};
}

Result<std::string> ContainerClient::logs(const std::string& id, int tail) const {
  HttpRequest request{.method = "GET",
                      .path = engine_.versioned("/containers/" + url_encode(id) + "/logs?stdout=1&stderr=1&tail=" +
                                                std::to_string(tail)),
                      .timeout_ms = 30000};
  auto response = engine_.transport().send(request);
  if (!response) return response.error();
  if (!response->ok()) return Error{ErrorCode::EngineError, "logs of " + id + ": " + engine_error_message(*response)};
  return demultiplex_logs(response->body);
}

std::string demultiplex_logs(const std::string& raw) {
  // Frames: [stream, 0, 0, 0, size (4 bytes big-endian)] + payload. A TTY container sends raw text.
  std::string out;
  std::size_t i = 0;
  while (i + 8 <= raw.size()) {
    auto stream = static_cast<unsigned char>(raw[i]);
    if (stream > 2 || raw[i + 1] || raw[i + 2] || raw[i + 3]) return raw;
    std::size_t size = (static_cast<unsigned char>(raw[i + 4]) << 24) | (static_cast<unsigned char>(raw[i + 5]) << 16) |
                       (static_cast<unsigned char>(raw[i + 6]) << 8) | static_cast<unsigned char>(raw[i + 7]);
    if (i + 8 + size > raw.size()) return raw;
    out.append(raw, i + 8, size);
    i += 8 + size;
  }
  return i == raw.size() ? out : raw;
}

}  // namespace kiln
