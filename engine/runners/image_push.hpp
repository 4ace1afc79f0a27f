#pragma once
// Pushes a built image to a registry through the engine, with credentials in
// the X-Registry-Auth header (never in a URL, a log line or an error).
#include <atomic>
#include <string>

#include <kiln/sdk/runner.hpp>

#include "core/image_engine.hpp"
#include "core/result.hpp"
#include "runners/docker_engine.hpp"

namespace kiln {

struct RegistryCredentials {
  std::string username;
  std::string password;
  std::string server;  // defaults to the registry part of the reference
};

struct ImageReference {
  std::string repository;  // "127.0.0.1:5000/team/app"
  std::string tag;         // "1" (default "latest")
  std::string registry;    // "127.0.0.1:5000", or "" for the default registry
};

Result<ImageReference> parse_image_reference(const std::string& reference);

// The header value: base64url of {"username","password","serveraddress"} ("{}" without credentials).
std::string registry_auth_header(const RegistryCredentials* credentials, const std::string& server);

// Tags `image` as `target` and pushes it; events carry the engine's progress.
Result<PushResult> push_image(const DockerEngine& engine, const std::string& image, const std::string& target,
                              const RegistryCredentials* credentials, const sdk::EventSink& events,
                              const std::atomic<bool>& cancelled);

}  // namespace kiln
