#pragma once
// `kiln build`'s progress: the pipeline's hooks turned into progress events (engine/progress/),
// stamped with the time since the build began, for the renderer --progress chose. A live view
// also gets a clock that ticks it, and hears of Ctrl-C from it.
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include "core/pipeline.hpp"
#include "progress/progress_renderer.hpp"

namespace kiln::cli {

class BuildProgress {
 public:
  struct Options {
    std::vector<std::string> stack_overrides;  // NAME=IMAGE, to name the runtime as the build will use it
    bool live = false;                         // tick the renderer, and tell it when Ctrl-C is pressed
    const std::atomic<bool>* interrupted = nullptr;
    std::function<Error(const Error&)> reword;  // says why the build ended better (a timeout, not a cancel)
    std::optional<std::string> stack_catalogue;  // --stack-catalogue FILE, read over kiln's own
  };
  BuildProgress(progress::ProgressRenderer& renderer, Options options);
  ~BuildProgress();
  BuildProgress(const BuildProgress&) = delete;
  BuildProgress& operator=(const BuildProgress&) = delete;

  // Valid while this object lives.
  PipelineHooks hooks();

 private:
  std::chrono::milliseconds now() const;
  void emit(progress::ProgressEvent event);

  progress::ProgressRenderer& renderer_;
  Options options_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  const Analysis* analysis_ = nullptr;
  std::size_t units_ = 1;  // images this build makes, as the engine's events say
  std::atomic<bool> stop_{false};
  std::thread clock_;
};

}  // namespace kiln::cli
