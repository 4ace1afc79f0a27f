#pragma once
// One thing that happened during `kiln build`, as every progress renderer sees it: the plan
// that was chosen, the pipeline's notes, the engine's steps and output lines, the image, the end.
// The json renderer writes each one as a line (sdk/schema/build-event.schema.json); plain and
// tty draw them for a person.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/runner.hpp>

#include "core/image_engine.hpp"
#include "core/pipeline.hpp"

namespace kiln::progress {

// The plan as a person reads it before the build starts.
struct PlanSummary {
  std::string buildpack;
  std::string language;
  std::optional<std::string> framework;
  std::optional<std::string> package_manager;
  std::string runtime;                  // the run image, as the stack table resolves it
  std::vector<std::string> install;     // the commands of the install phase
  std::vector<std::string> build;       // the commands of every other phase, in order
  std::string start;                    // the start command as one line; empty: none
  std::optional<int> port;
  std::optional<std::string> dockerfile;  // the repository's own Dockerfile, built as it is
  std::vector<std::string> services;      // compose services, each built from its own Dockerfile
};

struct ProgressEvent {
  enum class Kind { Plan, Note, Warning, Step, Log, Error, Built, Pushed, Finished };
  Kind kind = Kind::Note;
  std::chrono::milliseconds at{0};  // since the build began
  std::string unit{};               // the image being built; empty for what concerns the whole build
  std::size_t units = 1;            // how many images this build makes
  std::string text{};               // a note, a warning, a log line, an error, a step's title
  int step = 0;                     // Step: 3 of 8
  int steps = 0;
  double percent = 0;               // Step: 0..100
  bool from_engine = false;         // Log: the engine's own line about a step, not the step's output
  bool cached = false;              // Log: the step's layer came from the cache
  std::optional<PlanSummary> plan{};              // Plan
  std::optional<sdk::BuildResult> image{};        // Built
  std::optional<PushResult> push{};               // Pushed
  std::optional<PipelineFailure> failure{};       // Finished: why the build did not succeed
};

}  // namespace kiln::progress
