#include "runners/engine_endpoint.hpp"

#include <cstdlib>

namespace kiln {

std::string EngineEndpoint::describe() const {
  return kind == Kind::Unix ? "unix://" + socket_path : "tcp://" + host + ":" + std::to_string(port);
}

std::string EngineEndpoint::base_url() const {
  return kind == Kind::Unix ? "http://localhost" : "http://" + host + ":" + std::to_string(port);
}

Result<EngineEndpoint> parse_engine_endpoint(const std::string& address) {
  auto bad = [&](const std::string& why) {
    return Error{ErrorCode::InvalidConfig, "engine address '" + address + "': " + why +
                                       " (expected unix:///path/to/socket or tcp://host:port)"};
  };
  EngineEndpoint endpoint;
  if (address.rfind("unix://", 0) == 0) {
    endpoint.socket_path = address.substr(7);
    if (endpoint.socket_path.empty() || endpoint.socket_path.front() != '/') return bad("the socket path must be absolute");
    return endpoint;
  }
  if (address.rfind("tcp://", 0) == 0) {
    auto rest = address.substr(6);
    auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0) return bad("a port is required");
    endpoint.kind = EngineEndpoint::Kind::Tcp;
    endpoint.host = rest.substr(0, colon);
    for (char c : endpoint.host)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':'))
        return bad("invalid host");
    try {
      std::size_t used = 0;
      endpoint.port = std::stoi(rest.substr(colon + 1), &used);
      if (used != rest.size() - colon - 1 || endpoint.port < 1 || endpoint.port > 65535) return bad("invalid port");
    } catch (const std::exception&) {
      return bad("invalid port");
    }
    return endpoint;
  }
  return bad("unknown scheme");
}

std::string engine_address(const std::string& explicit_address) {
  if (!explicit_address.empty()) return explicit_address;
  if (const char* env = std::getenv("DOCKER_HOST"); env && *env) return env;
  return kDefaultDockerSocket;
}

}  // namespace kiln
