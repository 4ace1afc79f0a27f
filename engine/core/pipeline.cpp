#include "core/pipeline.hpp"

#include <set>

#include "core/ca_bundle.hpp"

namespace kiln {
namespace {

// The fetch's own code when it is the client's to act on; anything else is "the fetch failed".
ErrorCode fetch_failure_code(ErrorCode code) {
  static const std::set<ErrorCode> kept = {ErrorCode::InvalidSource,   ErrorCode::InvalidBundle, ErrorCode::NotFound,
                                           ErrorCode::PayloadTooLarge, ErrorCode::TimedOut,      ErrorCode::Cancelled};
  return kept.count(code) ? code : ErrorCode::FetchFailed;
}

class PipelineRun {
 public:
  PipelineRun(const BuildpackRegistry& registry, const PipelineRequest& request, const PipelineHooks& hooks,
              const std::atomic<bool>& cancelled)
      : registry_(registry), request_(request), hooks_(hooks), cancelled_(cancelled) {}

  PipelineOutcome run() {
    for (auto stage : {PipelineStage::Fetch, PipelineStage::Analyse, PipelineStage::Plan, PipelineStage::Render,
                       PipelineStage::Build, PipelineStage::Push}) {
      if (stage > request_.until) break;
      if (cancelled_) {
        fail(stage, Error{ErrorCode::Cancelled, "cancelled"});
        break;
      }
      if (hooks_.stage) hooks_.stage(stage);
      if (!run_stage(stage)) break;
    }
    if (hooks_.finished) hooks_.finished(out_);
    return std::move(out_);
  }

 private:
  bool run_stage(PipelineStage stage) {
    switch (stage) {
      case PipelineStage::Fetch: return fetch();
      case PipelineStage::Analyse: return analyse();
      case PipelineStage::Plan: return plan();
      case PipelineStage::Render: return render();
      case PipelineStage::Build: return build();
      case PipelineStage::Push: return push();
    }
    return false;
  }

  PipelineOutcome& fail(PipelineStage stage, Error error, std::optional<int> step = {}, std::optional<int> exit_code = {}) {
    out_.failure = PipelineFailure{stage, std::move(error), step, exit_code};
    return out_;
  }
  void note(const std::string& line) const {
    if (hooks_.note) hooks_.note(line);
  }
  void warn(const std::string& line) const {
    if (hooks_.warning) hooks_.warning(line);
  }

  bool fetch() {
    auto source = request_.fetch();
    if (!source) {
      fail(PipelineStage::Fetch, Error{fetch_failure_code(source.error().code), source.error().message});
      return false;
    }
    out_.source = std::move(source.value());
    if (hooks_.fetched) hooks_.fetched(*out_.source);
    return true;
  }

  bool analyse() {
    auto tree = LocalSourceTree::open(out_.source->root.string());
    if (!tree) {
      fail(PipelineStage::Analyse, Error{ErrorCode::InvalidSource, tree.error().message});
      return false;
    }
    auto analysis = analyze_app(*tree, registry_, request_.overrides);
    if (!analysis) {
      fail(PipelineStage::Analyse, analysis.error());
      return false;
    }
    for (const auto& warning : analysis->report.warnings) warn(warning);
    out_.analysis = std::move(analysis.value());
    if (hooks_.analysed) hooks_.analysed(*out_.analysis);
    return true;
  }

  bool plan() {
    auto plan = plan_of(*out_.analysis);
    if (!plan) {
      fail(PipelineStage::Plan, Error{ErrorCode::PlanFailed, plan.error().message});
      return false;
    }
    if (hooks_.planned) hooks_.planned(*plan);
    return true;
  }

  bool render() {
    auto options = render_options_for(*out_.analysis, request_.stack_overrides, request_.stack_catalogue);
    if (!options) {
      fail(PipelineStage::Render, options.error());
      return false;
    }
    options->ca_bundle = request_.ca_bundle_pem.has_value();
    // A pin met by the nearest version (runtime_versions = "nearest") says so; the run stage follows the build's.
    if (auto image = options->catalogue.resolve(out_.analysis->plan->build_image); image && !image->warning.empty())
      warn(image->warning);
    auto units = build_units(*out_.analysis->plan, *out_.analysis->tree, *options);
    if (!units) {
      fail(PipelineStage::Render, Error{ErrorCode::PlanFailed, units.error().message});
      return false;
    }
    out_.units = std::move(units.value());
    return true;
  }

  bool build() {
    auto engine = request_.connect_engine();
    if (!engine) {
      fail(PipelineStage::Build, Error{ErrorCode::EngineUnavailable, engine.error().message});
      return false;
    }
    engine_ = std::move(engine.value());
    const auto& analysis = *out_.analysis;
    const auto& plan = *analysis.plan;
    note(analysis.report.buildpack + " (" + plan.language + (plan.framework ? " / " + *plan.framework : "") + ") on " +
         engine_->description());
    std::map<std::string, std::string> ca_files;
    if (request_.ca_bundle_pem) ca_files = ca_bundle_context_files(*request_.ca_bundle_pem, kCaBundleFolder);
    const auto count = out_.units.size();
    for (const auto& unit : out_.units) {
      auto build_request = image_build_request(unit, analysis, image_options(), count);
      // The repo's own Dockerfile decides its own trust; only generated ones use the bundle.
      if (unit.dockerfile_path.empty()) build_request.extra_files = ca_files;
      else if (!ca_files.empty()) warn("the CA bundle does not apply to the repository's own Dockerfile (" + unit.name + ")");
      int last_step = 0;
      auto sink = [&](const sdk::BuildEvent& event) {
        if (event.kind == sdk::BuildEvent::Kind::Step) last_step = event.step;
        if (hooks_.event) hooks_.event(unit, count, event);
      };
      auto result = engine_->runner().build(build_request, sink, cancelled_);
      if (!result.ok) {
        if (cancelled_) fail(PipelineStage::Build, Error{ErrorCode::Cancelled, "cancelled while building " + unit.name});
        else
          fail(PipelineStage::Build,
               Error{ErrorCode::BuildFailed, "build of " + unit.name + " failed: " + result.error +
                                         (result.exit_code ? " (exit code " + std::to_string(*result.exit_code) + ")" : "")},
               last_step > 0 ? std::optional<int>(last_step) : std::nullopt, result.exit_code);
        return false;
      }
      if (hooks_.built) hooks_.built(unit, result);
      out_.images.push_back(std::move(result));
    }
    return true;
  }

  // The request's image options, with the OCI labels of where the source came from
  // (a git URL and commit) unless the user set them.
  ImageBuildOptions image_options() const {
    auto image = request_.image;
    if (!out_.source->origin.empty()) {
      image.labels.emplace("org.opencontainers.image.source", out_.source->origin);
      image.labels.emplace("org.opencontainers.image.revision", out_.source->revision);
    }
    return image;
  }

  bool push() {
    if (!request_.push_destinations) return true;
    auto destinations = request_.push_destinations(*out_.analysis);
    for (std::size_t i = 0; i < out_.images.size(); ++i) {
      const auto& unit = out_.units[i];
      for (const auto& destination : destinations) {
        auto target = out_.units.size() > 1 ? tag_for_service(destination, unit.name) : destination;
        note("pushing " + target);
        auto sink = [&](const sdk::BuildEvent& event) {
          if (hooks_.event) hooks_.event(unit, out_.units.size(), event);
        };
        auto pushed = engine_->push(out_.images[i].image_id, target, sink, cancelled_);
        if (!pushed) {
          fail(PipelineStage::Push, Error{cancelled_ ? ErrorCode::Cancelled : ErrorCode::PushFailed, pushed.error().message});
          return false;
        }
        note("pushed " + pushed->reference + "@" + pushed->digest);
        if (hooks_.pushed) hooks_.pushed(unit, *pushed);
      }
    }
    return true;
  }

  const BuildpackRegistry& registry_;
  const PipelineRequest& request_;
  const PipelineHooks& hooks_;
  const std::atomic<bool>& cancelled_;
  std::unique_ptr<ImageEngine> engine_;
  PipelineOutcome out_;
};

}  // namespace

PipelineOutcome run_pipeline(const BuildpackRegistry& registry, const PipelineRequest& request, const PipelineHooks& hooks,
                             const std::atomic<bool>& cancelled) {
  return PipelineRun(registry, request, hooks, cancelled).run();
}

std::function<Result<AppSource>()> local_folder(std::string path) {
  return [path = std::move(path)]() -> Result<AppSource> { return AppSource{path, "local", ""}; };
}

}  // namespace kiln
