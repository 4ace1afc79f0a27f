#include "progress/progress_event_json.hpp"

namespace kiln::progress {
namespace {

using json = nlohmann::json;
using Kind = ProgressEvent::Kind;

const char* type_name(Kind kind) {
  switch (kind) {
    case Kind::Plan: return "plan";
    case Kind::Note: return "note";
    case Kind::Warning: return "warning";
    case Kind::Step: return "step";
    case Kind::Log: return "log";
    case Kind::Error: return "error";
    case Kind::Built: return "built";
    case Kind::Pushed: return "pushed";
    case Kind::Finished: return "finished";
  }
  return "note";
}

const char* stage_name(PipelineStage stage) {
  switch (stage) {
    case PipelineStage::Fetch: return "fetch";
    case PipelineStage::Analyse: return "analyse";
    case PipelineStage::Plan: return "plan";
    case PipelineStage::Render: return "render";
    case PipelineStage::Build: return "build";
    case PipelineStage::Push: return "push";
  }
  return "build";
}

template <class T>
json or_null(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json plan_json(const PlanSummary& plan) {
  return {{"buildpack", plan.buildpack},
          {"language", plan.language},
          {"framework", or_null(plan.framework)},
          {"package_manager", or_null(plan.package_manager)},
          {"runtime", plan.runtime},
          {"install", plan.install},
          {"build", plan.build},
          {"start", plan.start},
          {"port", or_null(plan.port)},
          {"dockerfile", or_null(plan.dockerfile)},
          {"services", plan.services}};
}

json failure_json(const PipelineFailure& failure) {
  json error = {{"code", std::string(to_string(failure.error.code))},
                {"message", failure.error.message},
                {"stage", stage_name(failure.stage)}};
  if (failure.step) error["step"] = *failure.step;
  if (failure.exit_code) error["exit_code"] = *failure.exit_code;
  return error;
}

}  // namespace

json event_json(const ProgressEvent& event) {
  json out = {{"type", type_name(event.kind)}, {"time_ms", event.at.count()}};
  if (!event.unit.empty()) out["unit"] = event.unit;
  switch (event.kind) {
    case Kind::Plan:
      out["plan"] = plan_json(event.plan.value_or(PlanSummary{}));
      break;
    case Kind::Note:
    case Kind::Warning:
    case Kind::Error:
      out["message"] = event.text;
      break;
    case Kind::Step:
      out["units"] = event.units;
      out["step"] = event.step;
      out["steps"] = event.steps;
      out["percent"] = event.percent;
      out["title"] = event.text;
      break;
    case Kind::Log:
      out["step"] = event.step;
      out["line"] = event.text;
      out["source"] = event.from_engine ? "engine" : "step";
      out["cached"] = event.cached;
      break;
    case Kind::Built: {
      const auto image = event.image.value_or(sdk::BuildResult{});
      out["image_id"] = image.image_id;
      out["tags"] = image.tags;
      out["size_bytes"] = image.size_bytes;
      out["duration_ms"] = image.duration.count();
      break;
    }
    case Kind::Pushed: {
      const auto push = event.push.value_or(PushResult{});
      out["reference"] = push.reference;
      out["digest"] = push.digest;
      break;
    }
    case Kind::Finished:
      out["ok"] = !event.failure;
      if (event.failure) out["error"] = failure_json(*event.failure);
      break;
  }
  return out;
}

}  // namespace kiln::progress
