// POST /api/v1/detect and /api/v1/plan: the same inputs as a build, answered
// at once without building. POST /api/v1/bundles: upload a tar.gz to build later.
#include <unistd.h>

#include "core/pipeline.hpp"
#include "http/api_response.hpp"
#include "http/bundle_upload_reader.hpp"
#include "http/routes.hpp"
#include "http/unpacked_bundles.hpp"
#include "service/build_executor.hpp"
#include "service/build_service.hpp"

namespace kiln::http {
namespace {

constexpr auto kAnalysisTimeout = std::chrono::seconds(300);

enum class Answer { Detection, Plan };

// Microseconds per stage of one request, for the debug log: where a slow detect spends its time.
class StageTimes {
 public:
  void mark(const char* stage) {
    const auto now = std::chrono::steady_clock::now();
    fields_[stage] = std::chrono::duration_cast<std::chrono::microseconds>(now - last_).count();
    last_ = now;
  }
  const nlohmann::json& fields() const { return fields_; }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  nlohmann::json fields_ = nlohmann::json::object();
};

void analyse(ApiContext& context, UnpackedBundles& bundles, const httplib::Request& request,
             httplib::Response& response, const httplib::ContentReader& reader, Answer answer) {
  StageTimes times;
  auto body = read_json_body(request, reader, context.config.max_request_bytes);
  if (!body) return send_error(response, body.error());
  auto submission = service::parse_build_submission(*body);
  if (!submission) return send_error(response, submission.error());
  if (auto checked = check_source(*submission, context); !checked) return send_error(response, checked.error());
  times.mark("request_us");

  auto work = context.config.work_dir() / ("a" + service::new_build_id());
  struct Cleanup {
    std::filesystem::path path;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } cleanup{work};
  std::atomic<bool> cancelled{false};
  auto options = service::materialize_options(context.executor, &cancelled, nullptr);
  options.timeout = std::min(kAnalysisTimeout, context.config.build_timeout);
  PipelineRequest pipeline;
  // An uploaded bundle is unpacked once and kept (its id is its content); other sources are fetched each time.
  std::shared_ptr<const UnpackedBundles::Tree> unpacked;  // held until the answer is sent
  if (submission->source.kind == SourceSpec::Kind::UploadedBundle) {
    pipeline.fetch = [&]() -> Result<AppSource> {
      auto got = bundles.get(submission->source, options);
      if (!got) return got.error();
      unpacked = std::move(got.value());
      return unpacked->source;
    };
  } else {
    pipeline.fetch = service::source_fetch(submission->source, work, std::move(options));
  }
  pipeline.overrides = service::app_overrides(*submission);
  pipeline.until = answer == Answer::Detection ? PipelineStage::Analyse : PipelineStage::Plan;
  PipelineHooks hooks;
  // A buildpack that failed (crashed, timed out, returned garbage) is the operator's to see.
  hooks.warning = [&](const std::string& warning) { context.log.warn("buildpack failed", {{"reason", warning}}); };
  hooks.fetched = [&](const AppSource&) { times.mark("source_us"); };
  auto registry = context.catalog.snapshot();
  auto outcome = run_pipeline(*registry, pipeline, hooks, cancelled);
  times.mark("analysis_us");
  if (outcome.failure) return send_error(response, outcome.failure->error);
  const auto& analysis = *outcome.analysis;
  service::SecretMasker masker(submission->secret_values());
  nlohmann::json out;
  if (answer == Answer::Detection) out = to_json(analysis.report);
  else out = {{"buildpack", analysis.report.buildpack}, {"plan", *analysis.plan}};
  service::mask_json(out, masker);
  out["revision"] = outcome.source->revision;
  send_json(response, 200, out);
  times.mark("answer_us");
  if (context.log.debug_enabled()) context.log.debug(answer == Answer::Detection ? "detect timings" : "plan timings", times.fields());
}

}  // namespace

void add_source_routes(httplib::Server& server, ApiContext& context) {
  // Per process: replicas sharing a data folder never remove each other's trees.
  auto bundles = std::make_shared<UnpackedBundles>(
      context.config.work_dir() / ("analysis-bundles-" + std::to_string(getpid())), 16);
  server.Post("/api/v1/detect", reading_to_end(context.config.max_request_bytes,
                                               [&context, bundles](const httplib::Request& request, httplib::Response& response,
                                                                   const httplib::ContentReader& reader) {
                                                 analyse(context, *bundles, request, response, reader, Answer::Detection);
                                               }));
  server.Post("/api/v1/plan", reading_to_end(context.config.max_request_bytes,
                                             [&context, bundles](const httplib::Request& request, httplib::Response& response,
                                                                 const httplib::ContentReader& reader) {
                                               analyse(context, *bundles, request, response, reader, Answer::Plan);
                                             }));
  server.Post("/api/v1/bundles", reading_to_end(context.config.max_upload_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                     const httplib::ContentReader& reader) {
    if (!is_bundle_upload(request))
      return send_error(response, Error{ErrorCode::UnsupportedMediaType, "upload a tar.gz with Content-Type: application/gzip"});
    auto id = receive_bundle(context.bundles, request, reader);
    if (!id) return send_error(response, id.error());
    send_json(response, 201, {{"id", *id}, {"source", {{"bundle", *id}}}});
  }));
}

}  // namespace kiln::http
