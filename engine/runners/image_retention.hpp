#pragma once
// Keeps an app's images to the newest N in the engine: the images carrying
// label=value, newest first by creation, beyond `keep` have their tags
// removed (the last tag removes the image). An image that a running container
// uses is never touched, and the engine itself refuses one any container uses.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "runners/docker_engine.hpp"

namespace kiln {

struct RetentionOutcome {
  std::vector<std::string> removed;  // tags removed
  std::vector<std::string> kept_in_use;  // image ids beyond `keep` spared for a running container
  std::vector<std::string> refused;  // "tag: engine message"
};

Result<RetentionOutcome> remove_images_beyond(const DockerEngine& engine, const std::string& label, const std::string& value,
                                              int keep);

}  // namespace kiln
