#pragma once
// What the build pipeline needs of a container engine: a runner for builds and
// a way to push what it built. The pipeline sees only this, so detection and
// planning link no engine client (and `kiln detect` starts without libcurl).
#include <atomic>
#include <memory>
#include <string>

#include <kiln/sdk/runner.hpp>

#include "core/result.hpp"

namespace kiln {

struct PushResult {
  std::string reference;  // repository:tag
  std::string digest;     // sha256:...
};

class ImageEngine {
 public:
  virtual ~ImageEngine() = default;
  virtual std::string description() const = 0;  // "docker 28.2.2", for the user
  virtual sdk::Runner& runner() = 0;
  // Tags `image` as `destination` and pushes it, with the credentials the engine was given.
  virtual Result<PushResult> push(const std::string& image, const std::string& destination, const sdk::EventSink& events,
                                  const std::atomic<bool>& cancelled) = 0;
};

}  // namespace kiln
