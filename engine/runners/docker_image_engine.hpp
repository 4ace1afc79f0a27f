#pragma once
// The pipeline's ImageEngine on a Docker Engine API socket (Docker, Podman):
// the Docker runner for builds, image_push for pushes with the given credentials.
#include <memory>
#include <optional>
#include <string>

#include "core/image_engine.hpp"
#include "runners/image_push.hpp"

namespace kiln {

// Connects to `address` (unix:// or tcp://); `credentials` are used for every push.
Result<std::unique_ptr<ImageEngine>> connect_docker_engine(const std::string& address,
                                                           std::optional<RegistryCredentials> credentials = std::nullopt);

}  // namespace kiln
