#pragma once
// Runner: builds a rendered Dockerfile and context on a container engine and
// reports what happens as events. Implementations: the Docker Engine API
// (Docker and Podman sockets); later a remote or Kubernetes runner.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiln::sdk {

struct BuildRequest {
  std::string context_dir;     // host folder sent as the build context
  std::string dockerfile;      // a generated Dockerfile's text; travels inside the context
  std::string dockerfile_path; // or: the repository's own Dockerfile, relative to the context
  std::vector<std::string> tags;
  std::optional<std::string> target;
  std::map<std::string, std::string> build_args;
  std::map<std::string, std::string> labels;
  std::optional<std::string> platform;
  std::string network = "host";   // host | none | default
  std::optional<std::int64_t> memory_bytes;
  std::optional<double> cpus;
  bool no_cache = false;
  // Files added to the context for the build only (path in context -> content).
  std::map<std::string, std::string> extra_files;
};

struct BuildEvent {
  enum class Kind { Stage, Step, Log, Progress, Error, Done };
  Kind kind = Kind::Log;
  std::string message;       // a log line, a step title, an error
  int step = 0;              // Step 3/8: step = 3, steps = 8
  int steps = 0;
  double percent = 0;        // 0..100
  // Log lines: the engine's own words about a step ("---> Running in 3f2a", "Removing
  // intermediate container", "Successfully tagged ..."), not the output of the step's command.
  // A terminal may fold them away; a log keeps them.
  bool from_engine = false;
  bool cached = false;       // an engine line saying the step's layer came from the cache
};

struct BuildResult {
  bool ok = false;
  std::string image_id;
  std::vector<std::string> tags;
  std::int64_t size_bytes = 0;
  std::chrono::milliseconds duration{0};
  std::string error;          // with the failing step when known
  std::optional<int> exit_code;
};

using EventSink = std::function<void(const BuildEvent&)>;

class Runner {
 public:
  virtual ~Runner() = default;
  virtual std::string kind() const = 0;  // docker, podman, ...
  // Blocks until the build ends. `cancelled` is polled; once set, the build is
  // stopped on the engine, not only in the client.
  virtual BuildResult build(const BuildRequest& request, const EventSink& events,
                            const std::atomic<bool>& cancelled) = 0;
};

}  // namespace kiln::sdk
