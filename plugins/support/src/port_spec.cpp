#include "kiln/support/port_spec.hpp"

#include <charconv>

namespace kiln::support {

std::optional<int> container_port(std::string_view spec) {
  while (!spec.empty() && (spec.front() == ' ' || spec.front() == '\t')) spec.remove_prefix(1);
  while (!spec.empty() && (spec.back() == ' ' || spec.back() == '\t')) spec.remove_suffix(1);
  if (auto slash = spec.find('/'); slash != std::string_view::npos) {
    auto protocol = spec.substr(slash + 1);
    if (protocol != "tcp" && protocol != "TCP") return std::nullopt;
    spec = spec.substr(0, slash);
  }
  // Host address and published port come first; the container side is last.
  if (auto colon = spec.rfind(':'); colon != std::string_view::npos) spec = spec.substr(colon + 1);
  int port = 0;
  auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), port);
  if (ec != std::errc() || spec.empty() || end != spec.data() + spec.size() || port < 1 || port > 65535)
    return std::nullopt;
  return port;
}

}  // namespace kiln::support
