#pragma once
// The containers kiln started, as the API shows and manages them. Every
// call first checks the io.kiln.managed label: a container kiln did not
// create is "not found", whatever its id.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "runners/container_client.hpp"

namespace kiln {

struct ManagedContainer {
  std::string id, name, image, state, status;
  std::int64_t created = 0;
  std::map<std::string, std::string> labels;
};

nlohmann::json to_json(const ManagedContainer& container);

class ManagedContainers {
 public:
  explicit ManagedContainers(const DockerEngine& engine) : engine_(engine), client_(engine) {}
  Result<std::vector<ManagedContainer>> list() const;
  Result<ManagedContainer> get(const std::string& id_or_name) const;   // not_found unless kiln manages it
  // Only images kiln built (they carry io.kiln.buildpack) can be started through the API.
  Result<ManagedContainer> create(const ContainerSpec& spec) const;
  Status start(const std::string& id) const;
  Status stop(const std::string& id, int grace_seconds) const;
  Status restart(const std::string& id, int grace_seconds) const;
  Status remove(const std::string& id) const;

 private:
  const DockerEngine& engine_;
  ContainerClient client_;
};

// A container id (hex) or name as the engine accepts them; refuses anything that could change the path.
bool is_container_reference(const std::string& text);

}  // namespace kiln
