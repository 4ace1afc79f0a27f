#pragma once
// The Runner for Docker Engine API sockets (Docker, and Podman's compatible
// service): streams the context as a tar, reads the engine's messages as
// events, cancels on the engine by dropping the connection.
#include <kiln/sdk/runner.hpp>

#include "runners/docker_engine.hpp"

namespace kiln {

// The name a generated Dockerfile gets inside the context; the engine drops
// it (and .dockerignore) from the context before COPY . . sees it.
inline constexpr const char* kGeneratedDockerfileName = ".kiln.Dockerfile";

class DockerRunner final : public sdk::Runner {
 public:
  explicit DockerRunner(DockerEngine engine) : engine_(std::move(engine)) {}
  std::string kind() const override { return engine_.info().kind; }
  sdk::BuildResult build(const sdk::BuildRequest& request, const sdk::EventSink& events,
                         const std::atomic<bool>& cancelled) override;
  const DockerEngine& engine() const { return engine_; }

 private:
  DockerEngine engine_;
};

// The /build query for a request (exposed for tests).
std::string build_query(const sdk::BuildRequest& request, const std::string& dockerfile_in_context);

}  // namespace kiln
