#include "runners/http_check.hpp"

#include "runners/http_transport.hpp"

namespace kiln {

std::optional<HttpAnswer> http_get(const std::string& host, int port, const std::string& path, long timeout_ms) {
  EngineEndpoint endpoint;
  endpoint.kind = EngineEndpoint::Kind::Tcp;
  endpoint.host = host;
  endpoint.port = port;
  HttpTransport transport(endpoint);
  auto response = transport.send({.method = "GET", .path = path.empty() || path[0] != '/' ? "/" + path : path,
                                  .timeout_ms = timeout_ms});
  if (!response || response->status == 0) return std::nullopt;
  return HttpAnswer{response->status, response->body};
}

}  // namespace kiln
