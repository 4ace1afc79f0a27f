#pragma once
// Containers started from built images, through the engine API. Every
// container kiln creates carries the io.kiln.managed label, and kiln only
// ever touches containers that carry it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "runners/docker_engine.hpp"

namespace kiln {

inline constexpr const char* kManagedLabel = "io.kiln.managed";

struct ContainerSpec {
  std::string image;
  std::string name;                       // optional
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> labels;
  std::string network = "host";           // bridge networking may be unavailable; host needs no port mapping
  std::optional<std::int64_t> memory_bytes;
  std::optional<double> cpus;
  bool auto_remove = false;
  std::string restart_policy;             // "", no, always, unless-stopped, on-failure
};

struct ContainerState {
  bool running = false;
  std::optional<int> exit_code;
  std::string status;
};

class ContainerClient {
 public:
  explicit ContainerClient(const DockerEngine& engine) : engine_(engine) {}
  Result<std::string> create(const ContainerSpec& spec) const;   // returns the id
  Status start(const std::string& id) const;
  Result<ContainerState> state(const std::string& id) const;
  Status stop(const std::string& id, int grace_seconds = 5) const;
  Status remove(const std::string& id) const;                    // forced
  // stdout and stderr, demultiplexed, the last `tail` lines.
  Result<std::string> logs(const std::string& id, int tail = 200) const;

 private:
  const DockerEngine& engine_;
};

// The engine's multiplexed log stream (8-byte frame headers) as plain text.
std::string demultiplex_logs(const std::string& raw);

}  // namespace kiln
