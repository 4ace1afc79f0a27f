#include "cli/build_progress.hpp"

#include "core/dockerfile_renderer.hpp"
#include "core/image_build_request.hpp"
#include "progress/plan_summary.hpp"

namespace kiln::cli {
namespace {
using Kind = progress::ProgressEvent::Kind;
constexpr auto kTick = std::chrono::milliseconds(100);
}  // namespace

BuildProgress::BuildProgress(progress::ProgressRenderer& renderer, Options options)
    : renderer_(renderer), options_(std::move(options)) {
  if (!options_.live) return;
  clock_ = std::thread([this] {
    bool told = false;
    while (!stop_) {
      std::this_thread::sleep_for(kTick);
      if (!told && options_.interrupted && *options_.interrupted) {
        told = true;
        renderer_.cancelling(now());
      } else {
        renderer_.tick(now());
      }
    }
  });
}

BuildProgress::~BuildProgress() {
  stop_ = true;
  if (clock_.joinable()) clock_.join();
}

std::chrono::milliseconds BuildProgress::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
}

void BuildProgress::emit(progress::ProgressEvent event) {
  event.at = now();
  renderer_.on(event);
}

PipelineHooks BuildProgress::hooks() {
  PipelineHooks hooks;
  hooks.note = [this](const std::string& line) { emit({.kind = Kind::Note, .text = line}); };
  hooks.warning = [this](const std::string& line) { emit({.kind = Kind::Warning, .text = line}); };
  hooks.analysed = [this](const Analysis& analysis) { analysis_ = &analysis; };
  hooks.planned = [this](const sdk::BuildPlan& plan) {
    // The image the renderer starts the run stage from (a slim stack's fuller one included).
    auto options = analysis_ ? render_options_for(*analysis_, options_.stack_overrides, options_.stack_catalogue)
                             : Result<RenderOptions>(RenderOptions{});
    if (!options) return;  // the build itself reports the error
    auto image = plan.artifacts.empty() ? options->catalogue.resolve(plan.build_image) : run_stage_image(plan, options->catalogue);
    emit({.kind = Kind::Plan, .plan = progress::summarize_plan(plan, image ? image->image : std::string())});
  };
  hooks.event = [this](const BuildUnit& unit, std::size_t units, const sdk::BuildEvent& event) {
    units_ = units;
    progress::ProgressEvent out{.unit = unit.name, .units = units, .text = event.message, .step = event.step,
                                .steps = event.steps, .percent = event.percent, .from_engine = event.from_engine,
                                .cached = event.cached};
    switch (event.kind) {
      case sdk::BuildEvent::Kind::Stage: out.kind = Kind::Note; break;
      case sdk::BuildEvent::Kind::Step: out.kind = Kind::Step; break;
      case sdk::BuildEvent::Kind::Log: out.kind = Kind::Log; break;
      case sdk::BuildEvent::Kind::Error: out.kind = Kind::Error; break;
      case sdk::BuildEvent::Kind::Progress:  // a percentage only: steps say as much
      case sdk::BuildEvent::Kind::Done:      // `built` follows, with the image
        return;
    }
    emit(std::move(out));
  };
  hooks.built = [this](const BuildUnit& unit, const sdk::BuildResult& result) {
    emit({.kind = Kind::Built, .unit = unit.name, .units = units_, .image = result});
  };
  hooks.pushed = [this](const BuildUnit& unit, const PushResult& pushed) {
    emit({.kind = Kind::Pushed, .unit = unit.name, .units = units_, .push = pushed});
  };
  hooks.finished = [this](const PipelineOutcome& outcome) {
    auto failure = outcome.failure;
    if (failure && options_.reword) failure->error = options_.reword(failure->error);
    emit({.kind = Kind::Finished, .units = std::max<std::size_t>(outcome.units.size(), 1), .failure = failure});
  };
  return hooks;
}

}  // namespace kiln::cli
