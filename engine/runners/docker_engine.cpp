#include "runners/docker_engine.hpp"

#include <sstream>

namespace kiln {

std::string engine_error_message(const HttpResponse& response) {
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("message") && body["message"].is_string()) return body["message"];
  return response.body.empty() ? "HTTP " + std::to_string(response.status) : response.body;
}

std::string url_encode(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

int compare_api_versions(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  for (int i = 0; i < 3; ++i) {
    int x = 0, y = 0;
    char dot;
    if (sa) sa >> x;
    if (sb) sb >> y;
    if (x != y) return x < y ? -1 : 1;
    sa >> dot;
    sb >> dot;
  }
  return 0;
}

Result<DockerEngine> DockerEngine::connect(const std::string& address) {
  auto endpoint = parse_engine_endpoint(address);
  if (!endpoint) return endpoint.error();
  HttpTransport transport(*endpoint);
  auto ping = transport.send({.method = "GET", .path = "/_ping", .timeout_ms = 10000});
  if (!ping || !ping->ok())
    return Error{ErrorCode::EngineUnavailable, "no container engine answers at " + endpoint->describe() + ": " +
                                           (ping ? engine_error_message(*ping) : ping.error().message) +
                                           " (start one with scripts/start-engine.sh, or set DOCKER_HOST)"};
  EngineInfo info;
  auto server_api = ping->headers.count("api-version") ? ping->headers["api-version"] : std::string(kMaxApiVersion);
  info.api_version = compare_api_versions(server_api, kMaxApiVersion) < 0 ? server_api : kMaxApiVersion;
  if (compare_api_versions(info.api_version, kMinApiVersion) < 0)
    return Error{ErrorCode::EngineUnavailable, "the engine at " + endpoint->describe() + " speaks API " + server_api +
                                       "; kiln needs at least " + kMinApiVersion};

  DockerEngine engine(std::move(transport), info);
  auto version = engine.call("GET", "/version");
  if (!version) return version.error();
  engine.info_.version = version->value("Version", "");
  engine.info_.os = version->value("Os", "");
  engine.info_.arch = version->value("Arch", "");
  engine.info_.kind = "docker";
  for (const auto& component : version->value("Components", nlohmann::json::array()))
    if (component.value("Name", "").find("Podman") != std::string::npos) engine.info_.kind = "podman";
  auto system = engine.call("GET", "/info");
  if (system)
    for (const auto& option : system->value("SecurityOptions", nlohmann::json::array()))
      if (option.is_string() && option.get<std::string>().find("rootless") != std::string::npos) engine.info_.rootless = true;
  return engine;
}

Result<nlohmann::json> DockerEngine::call(const std::string& method, const std::string& path,
                                          const nlohmann::json& body, long timeout_ms) const {
  HttpRequest request{.method = method, .path = versioned(path), .timeout_ms = timeout_ms};
  if (!body.is_null()) {
    request.body = body.dump();
    request.headers.push_back("Content-Type: application/json");
  }
  auto response = transport_.send(request);
  if (!response) return response.error();
  // 304: the container is already started (or stopped); what was asked holds.
  if (response->status == 304) return nlohmann::json();
  // A redirect is the engine cleaning a path that is not canonical ("a/" in a name): the name as
  // given addresses nothing there. Following it would act on another object.
  if (response->status >= 300 && response->status < 400)
    return Error{ErrorCode::NotFound, method + " " + path + ": the engine knows no object by that name (it redirected)"};
  if (!response->ok())
    // 400: the engine refuses what it was asked (a name, a limit this host cannot give): the asker's
    // values, not a failure of the server.
    return Error{response->status == 404   ? ErrorCode::NotFound
                 : response->status == 409 ? ErrorCode::Conflict
                 : response->status == 400 ? ErrorCode::EngineRefused
                                           : ErrorCode::EngineError,
                 method + " " + path + ": " + engine_error_message(*response)};
  if (response->body.empty()) return nlohmann::json();
  auto json = nlohmann::json::parse(response->body, nullptr, false);
  if (json.is_discarded()) return Error{ErrorCode::EngineError, method + " " + path + ": the engine answered with invalid JSON"};
  return json;
}

}  // namespace kiln
