#pragma once
// `kiln build --isolation helper`: the build runs in a short-lived container
// of kiln's own image, next to the engine it drives, so that what the build
// reads and fetches stays in containers. kiln on the host only streams the
// app folder in (as the engine would receive it: the root .dockerignore
// applies), hands over the CA bundle and registry password as files, relays
// the helper's output, and returns its exit code. The helper is removed on
// every path: success, failure, Ctrl-C, timeout.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "runners/docker_engine.hpp"
#include "runners/helper_command.hpp"
#include "runners/log_frame_splitter.hpp"

namespace kiln {

struct HelperBuild {
  std::string image;                          // kiln's image (or one built FROM it)
  std::vector<GivenOption> global_options;    // as given on the host; see helper_command()
  std::vector<GivenOption> build_options;
  std::filesystem::path app_dir;              // the app folder on the host
  std::optional<std::string> ca_bundle;       // PEM text, handed over as a file
  std::optional<std::string> registry_password;
  // After asking the helper to stop, how long its kiln gets to cancel the
  // build on the engine before the helper is removed anyway.
  std::chrono::seconds stop_grace{20};
};

// How the caller ends a helper early.
struct HelperStop {
  const std::atomic<bool>& cancel;   // SIGTERM to the helper, removed when it ends (or after stop_grace)
  const std::atomic<bool>& abandon;  // removed at once
};

struct HelperOutcome {
  int exit_code = 0;      // the kiln inside: 0 built, 1 failed, 2 not recognised
  bool stopped = false;   // it ended after being asked to stop
};

// Progress lines for the terminal ("helper 3f2a.. from kiln/kiln:dev").
using HelperProgress = std::function<void(const std::string&)>;

// Errors: the helper image is missing or unusable, the upload failed, the
// engine failed; "cancelled" when the helper had to be removed before it ended.
Result<HelperOutcome> run_build_in_helper(const DockerEngine& engine, const HelperBuild& build,
                                          const LogFrameSplitter::Sink& output, const HelperStop& stop,
                                          const HelperProgress& progress);

}  // namespace kiln
