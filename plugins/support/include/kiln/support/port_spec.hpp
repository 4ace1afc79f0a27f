#pragma once
// Port specs as Dockerfiles and compose files write them.
#include <optional>
#include <string_view>

namespace kiln::support {

// The container-side TCP port of a spec: "8080" -> 8080, "80/tcp" -> 80,
// "8080:80" -> 80, "127.0.0.1:8080:80" -> 80, "[::1]:8080:80/tcp" -> 80.
// nullopt for UDP/SCTP, ranges ("8000-8010"), variables ("$PORT") and anything
// that is not a port number from 1 to 65535.
std::optional<int> container_port(std::string_view spec);

}  // namespace kiln::support
