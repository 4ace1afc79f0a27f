#pragma once
// One short-lived container that runs kiln itself next to the engine it
// drives (`kiln build --isolation helper`): created with the engine's socket
// mounted, given its files through the archive API before it starts, its
// output followed live, its exit code awaited. The object owns the container:
// it is removed when the object goes, whatever happened before.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "runners/docker_engine.hpp"
#include "runners/log_frame_splitter.hpp"

namespace kiln {

// Marks helper containers, beside io.kiln.managed, so they can be found (and
// a test can prove none is left).
inline constexpr const char* kRoleLabel = "io.kiln.role";
inline constexpr const char* kHelperRole = "helper";

struct HelperContainerSpec {
  std::string image;
  std::vector<std::string> command;      // arguments to the `kiln` entrypoint
  // The engine the helper talks to: the one kiln on the host uses. A unix
  // socket is mounted at the same path (the engine resolves bind paths on its
  // own host); a tcp address is reachable as is, on the host network.
  EngineEndpoint engine;
  std::optional<unsigned> socket_group;  // joined by the helper's user, to use the socket
};

// Who the helper image runs as: its USER, which must be numeric (uid or
// uid:gid) so the files kiln hands over can be owned by it; root when unset.
struct ContainerUser {
  unsigned uid = 0;
  unsigned gid = 0;
};
Result<ContainerUser> parse_container_user(const std::string& user, const std::string& image);

// The JSON body of POST /containers/create for a helper (exposed for tests).
nlohmann::json helper_create_body(const HelperContainerSpec& spec);

class HelperContainer {
 public:
  static Result<HelperContainer> create(const DockerEngine& engine, const HelperContainerSpec& spec);
  ~HelperContainer();
  HelperContainer(HelperContainer&& other) noexcept;
  HelperContainer& operator=(HelperContainer&&) = delete;
  HelperContainer(const HelperContainer&) = delete;
  HelperContainer& operator=(const HelperContainer&) = delete;

  const std::string& id() const { return id_; }

  // Unpacks a tar (streamed, chunk by chunk) into `folder`, which must exist.
  Status put_archive(const std::string& folder, std::function<Result<std::size_t>(char*, std::size_t)> tar,
                     const std::atomic<bool>* cancelled) const;
  Status start() const;
  // Sends a signal ("SIGTERM") to the helper's init, which passes it on to kiln.
  Status signal(const std::string& name) const;
  // Streams the helper's stdout and stderr from its start until it stops,
  // or until `stop` is set.
  Status follow_output(const LogFrameSplitter::Sink& sink, const std::atomic<bool>& stop) const;
  // Blocks until the helper is not running, and returns its exit code.
  Result<int> wait(const std::atomic<bool>& stop) const;
  // Forced removal (a running helper is killed); done by the destructor too.
  Status remove();

 private:
  HelperContainer(const DockerEngine& engine, std::string id) : engine_(&engine), id_(std::move(id)) {}
  const DockerEngine* engine_;
  std::string id_;  // empty once removed
};

}  // namespace kiln
