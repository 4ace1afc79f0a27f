#pragma once
// A connection to a Docker Engine API (Docker, or Podman's compatible
// service): version negotiated once with /_ping and /version, then JSON calls.
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "runners/http_transport.hpp"

namespace kiln {

// The newest API version kiln speaks; older engines are asked in their own version.
inline constexpr const char* kMaxApiVersion = "1.41";
inline constexpr const char* kMinApiVersion = "1.24";

struct EngineInfo {
  std::string kind;          // docker | podman
  std::string version;       // the engine's own version
  std::string api_version;   // what kiln uses with it
  std::string os, arch;
  bool rootless = false;
};

class DockerEngine {
 public:
  // Pings the engine and negotiates the API version; a clear error when nothing answers.
  static Result<DockerEngine> connect(const std::string& address);

  const EngineInfo& info() const { return info_; }
  const HttpTransport& transport() const { return transport_; }
  // "/build?..." -> "/v1.41/build?..."
  std::string versioned(const std::string& path) const { return "/v" + info_.api_version + path; }

  // A call whose answer is JSON (or empty). Non-2xx answers become errors carrying the engine's message.
  Result<nlohmann::json> call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
                              long timeout_ms = 60000) const;

 private:
  DockerEngine(HttpTransport transport, EngineInfo info) : transport_(std::move(transport)), info_(std::move(info)) {}
  HttpTransport transport_;
  EngineInfo info_;
};

// The engine's {"message": "..."} error body, or the raw body.
std::string engine_error_message(const HttpResponse& response);
// URL query encoding of one value.
std::string url_encode(const std::string& value);
// Compares dotted API versions numerically.
int compare_api_versions(const std::string& a, const std::string& b);

}  // namespace kiln
