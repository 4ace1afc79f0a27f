#pragma once
// One build, one sequence, written once: source -> tree -> detect and plan ->
// build units (rendered Dockerfiles) -> images on an engine -> pushes.
// `kiln detect|plan|dockerfile|build`, the build service and the HTTP
// detect/plan routes all run it; they differ only in the stage they stop at
// and in what their hooks do with progress (a terminal, a build record, SSE).
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/app_analysis.hpp"
#include "core/app_source.hpp"
#include "core/build_units.hpp"
#include "core/image_build_request.hpp"
#include "core/image_engine.hpp"

namespace kiln {

enum class PipelineStage { Fetch, Analyse, Plan, Render, Build, Push };

struct PipelineRequest {
  // Fetch: a local folder for the CLI, a checkout or an extracted bundle for the server.
  std::function<Result<AppSource>()> fetch;
  AppConfig overrides;                      // wins over the app's kiln.toml
  PipelineStage until = PipelineStage::Push;  // the last stage to run
  // Render:
  std::vector<std::string> stack_overrides;  // NAME=IMAGE
  std::optional<std::string> stack_catalogue;  // a catalogue file read over kiln's own
  std::optional<std::string> ca_bundle_pem;  // build steps trust it; never in the run image
  // Build:
  std::function<Result<std::unique_ptr<ImageEngine>>()> connect_engine;
  ImageBuildOptions image;
  // Push: where each image goes (per compose service, the pipeline adds the service's name).
  std::function<std::vector<std::string>(const Analysis&)> push_destinations;
};

struct PipelineOutcome;

// Every hook is optional; each is called on the pipeline's thread.
struct PipelineHooks {
  std::function<void(PipelineStage)> stage;
  std::function<void(const std::string&)> note;     // a line for the user: what was chosen, where it runs, pushes
  std::function<void(const std::string&)> warning;  // a buildpack that failed, an option that does not apply
  std::function<void(const AppSource&)> fetched;
  std::function<void(const Analysis&)> analysed;     // the detection report is ready
  std::function<void(const sdk::BuildPlan&)> planned;
  std::function<void(const BuildUnit&, std::size_t units, const sdk::BuildEvent&)> event;
  std::function<void(const BuildUnit&, const sdk::BuildResult&)> built;
  std::function<void(const BuildUnit&, const PushResult&)> pushed;
  // Last, once, however the run ended (a live terminal view closes here, before any error is printed).
  std::function<void(const PipelineOutcome&)> finished;
};

struct PipelineFailure {
  PipelineStage stage = PipelineStage::Fetch;
  Error error;                   // its code says which kind: invalid_source, no_match, plan_failed, build_failed, ...
  std::optional<int> step;       // the build step that failed
  std::optional<int> exit_code;  // of that step's command
};

struct PipelineOutcome {
  std::optional<AppSource> source;
  std::optional<Analysis> analysis;
  std::vector<BuildUnit> units;
  std::vector<sdk::BuildResult> images;  // one per unit, in order
  std::optional<PipelineFailure> failure;
  bool ok() const { return !failure; }
};

// Runs the stages in order up to `request.until`. `cancelled` is checked
// between stages and passed to the engine during builds and pushes.
PipelineOutcome run_pipeline(const BuildpackRegistry& registry, const PipelineRequest& request, const PipelineHooks& hooks,
                             const std::atomic<bool>& cancelled);

// A local folder as the pipeline's source.
std::function<Result<AppSource>()> local_folder(std::string path);

}  // namespace kiln
