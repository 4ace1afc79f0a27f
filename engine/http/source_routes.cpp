// POST /api/v1/detect and /api/v1/plan: the same inputs as a build, answered
// at once without building. POST /api/v1/bundles: upload a tar.gz to build later.
#include "core/app_analysis.hpp"
#include "http/api_response.hpp"
#include "http/bundle_upload_reader.hpp"
#include "http/routes.hpp"
#include "service/build_service.hpp"

namespace kiln::http {
namespace {

constexpr auto kAnalysisTimeout = std::chrono::seconds(300);

enum class Answer { Detection, Plan };

void analyse(ApiContext& context, const httplib::Request& request, httplib::Response& response,
             const httplib::ContentReader& reader, Answer answer) {
  auto body = read_json_body(request, reader, context.config.max_request_bytes);
  if (!body) return send_error(response, body.error());
  auto submission = service::parse_build_submission(*body);
  if (!submission) return send_error(response, submission.error());
  if (auto checked = check_source(*submission, context); !checked) return send_error(response, checked.error());

  auto work = context.config.work_dir() / ("a" + service::new_build_id());
  std::atomic<bool> cancelled{false};
  auto options = service::materialize_options(context.executor, &cancelled, nullptr);
  options.timeout = std::min(kAnalysisTimeout, context.config.build_timeout);
  auto source = materialize_source(submission->source, work, options);
  struct Cleanup {
    std::filesystem::path path;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } cleanup{work};
  if (!source) return send_error(response, source.error());
  auto tree = LocalSourceTree::open(source->root.string());
  if (!tree) return send_error(response, tree.error());
  auto registry = context.catalog.snapshot();
  auto analysis = analyze_app(*tree, *registry, service::app_overrides(*submission));
  if (!analysis) return send_error(response, analysis.error());
  // A buildpack that failed (crashed, timed out, returned garbage) is the operator's to see.
  for (const auto& warning : analysis->report.warnings) context.log.warn("buildpack failed", {{"reason", warning}});
  service::SecretMasker masker(submission->secret_values());
  nlohmann::json out;
  if (answer == Answer::Detection) {
    out = to_json(analysis->report);
  } else {
    auto plan = plan_of(*analysis);
    if (!plan) return send_error(response, Error{ErrorCode::PlanFailed, plan.error().message});
    out = {{"buildpack", analysis->report.buildpack}, {"plan", *plan}};
  }
  service::mask_json(out, masker);
  out["revision"] = source->revision;
  send_json(response, 200, out);
}

}  // namespace

void add_source_routes(httplib::Server& server, ApiContext& context) {
  server.Post("/api/v1/detect", reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                    const httplib::ContentReader& reader) { analyse(context, request, response, reader, Answer::Detection); }));
  server.Post("/api/v1/plan", reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                  const httplib::ContentReader& reader) { analyse(context, request, response, reader, Answer::Plan); }));
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
