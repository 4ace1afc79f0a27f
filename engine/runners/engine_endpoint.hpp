#pragma once
// Where the container engine listens: a unix socket or tcp://host:port.
// Docker and Podman (its Docker-compatible service) are reached the same way.
#include <string>

#include "core/result.hpp"

namespace kiln {

struct EngineEndpoint {
  enum class Kind { Unix, Tcp };
  Kind kind = Kind::Unix;
  std::string socket_path;  // Unix
  std::string host;         // Tcp
  int port = 0;             // Tcp

  std::string describe() const;
  // The URL libcurl asks for: over a unix socket the host part is a placeholder.
  std::string base_url() const;
};

inline constexpr const char* kDefaultDockerSocket = "unix:///var/run/docker.sock";

// "unix:///var/run/docker.sock", "tcp://127.0.0.1:2375"; anything else is an error that says what is accepted.
Result<EngineEndpoint> parse_engine_endpoint(const std::string& address);

// The explicit address if given, else $DOCKER_HOST, else the default Docker socket.
std::string engine_address(const std::string& explicit_address);

}  // namespace kiln
