// POST/GET /api/v1/builds, GET /api/v1/builds/{id}, POST /api/v1/builds/{id}/cancel and /push.
#include "http/api_response.hpp"
#include "http/bundle_upload_reader.hpp"
#include "http/routes.hpp"
#include "service/strict_json_reader.hpp"
#include "sources/bundle_download.hpp"

namespace kiln::http {
namespace {

using service::BuildSubmission;

nlohmann::json accepted_body(const service::BuildRecord& record) {
  return {{"id", record.id},
          {"status", service::to_string(record.status)},
          {"status_url", "/api/v1/builds/" + record.id},
          {"logs_url", "/api/v1/builds/" + record.id + "/logs"}};
}

}  // namespace

Status check_source(const BuildSubmission& submission, const ApiContext& context) {
  const auto& source = submission.source;
  if (source.kind == SourceSpec::Kind::Git) {
    GitPolicy policy;
    policy.allow_file_urls = context.config.allow_file_git_urls;
    return validate_git_spec(source.git, policy);
  }
  if (source.kind == SourceSpec::Kind::UploadedBundle) {
    auto file = context.bundles.path_of(source.bundle_id);
    if (!file) return file.error();
  }
  if (source.kind == SourceSpec::Kind::BundleUrl) return validate_bundle_url(source.bundle_url);
  return Ok{};
}

namespace {

void submit(ApiContext& context, httplib::Response& response, BuildSubmission submission) {
  if (auto checked = check_source(submission, context); !checked) return send_error(response, checked.error());
  auto record = context.builds.submit(std::move(submission));
  if (!record) {
    if (record.error().code == ErrorCode::QueueFull)
      response.set_header("Retry-After", std::to_string(context.builds.retry_after_seconds()));
    return send_error(response, record.error());
  }
  response.set_header("Location", "/api/v1/builds/" + record->id);
  send_json(response, 202, accepted_body(*record));
}

void post_build(ApiContext& context, const httplib::Request& request, httplib::Response& response,
                const httplib::ContentReader& reader) {
  if (is_bundle_upload(request)) {
    auto options = service::parse_upload_options(request.params);
    if (!options) return send_error(response, options.error());
    auto id = receive_bundle(context.bundles, request, reader);
    if (!id) return send_error(response, id.error());
    options->source.bundle_id = *id;
    return submit(context, response, std::move(options.value()));
  }
  // The raw upload's query parameters mean nothing to a JSON request, but the document lists them
  // for the operation, whatever its body: one that is not valid is refused as it would be there.
  if (auto query = service::parse_upload_options(request.params); !query) return send_error(response, query.error());
  auto body = read_json_body(request, reader, context.config.max_request_bytes);
  if (!body) return send_error(response, body.error());
  auto submission = service::parse_build_submission(*body);
  if (!submission) return send_error(response, submission.error());
  submit(context, response, std::move(submission.value()));
}

void list_builds(ApiContext& context, const httplib::Request& request, httplib::Response& response) {
  service::ListQuery query;
  if (request.has_param("status")) {
    query.status = service::parse_build_status(request.get_param_value("status"));
    if (!query.status)
      return send_error(response, Error{ErrorCode::InvalidRequest,
                                        "unknown status '" + request.get_param_value("status") +
                                            "' (queued, fetching, detecting, building, pushing, succeeded, failed, cancelled, timed_out)"});
  }
  auto limit = query_integer(request, "limit", 50, 1, service::kMaxBuildPage);
  if (!limit) return send_error(response, limit.error());
  query.limit = static_cast<int>(*limit);
  if (request.has_param("cursor")) {
    auto cursor = query_integer(request, "cursor", 0, 1, std::numeric_limits<std::int64_t>::max());
    if (!cursor) return send_error(response, cursor.error());
    query.before_seq = *cursor;
  }
  auto page = context.builds.list(query);
  if (!page) return send_error(response, page.error());
  nlohmann::json builds = nlohmann::json::array();
  for (const auto& record : page->builds) builds.push_back(service::to_json(record));
  send_json(response, 200,
            {{"builds", builds},
             {"next_cursor", page->next_cursor ? nlohmann::json(std::to_string(*page->next_cursor)) : nlohmann::json(nullptr)}});
}

template <class Action>
void with_build_id(const httplib::Request& request, httplib::Response& response, Action action) {
  const std::string id = request.matches[1];
  if (!is_build_id(id)) return send_error(response, Error{ErrorCode::NotFound, "no build '" + id.substr(0, 64) + "'"});
  action(id);
}

void get_build(ApiContext& context, const httplib::Request& request, httplib::Response& response) {
  with_build_id(request, response, [&](const std::string& id) {
    auto record = context.builds.get(id);
    if (!record) return send_error(response, record.error());
    if (!record->has_value()) return send_error(response, Error{ErrorCode::NotFound, "no build " + id});
    send_json(response, 200, service::to_json(**record));
  });
}

void cancel_build(ApiContext& context, const httplib::Request& request, httplib::Response& response,
                  const httplib::ContentReader& reader) {
  with_build_id(request, response, [&](const std::string& id) {
    if (auto drained = discard_body(request, reader, context.config.max_request_bytes); !drained)
      return send_error(response, drained.error());
    auto record = context.builds.cancel(id);
    if (!record) return send_error(response, record.error());
    send_json(response, 202, service::to_json(*record));
  });
}

void push_build(ApiContext& context, const httplib::Request& request, httplib::Response& response,
                const httplib::ContentReader& reader) {
  with_build_id(request, response, [&](const std::string& id) {
    auto body = read_json_body(request, reader, context.config.max_request_bytes);
    if (!body) return send_error(response, body.error());
    // The same push object a build submission takes.
    auto submission = service::parse_build_submission({{"source", {{"bundle", std::string(64, '0')}}}, {"push", *body}});
    if (!submission) return send_error(response, submission.error());
    auto record = context.builds.push(id, *submission->push);
    if (!record) return send_error(response, record.error());
    send_json(response, 202, accepted_body(*record));
  });
}

}  // namespace

bool is_build_id(const std::string& text) {
  return text.size() == 25 && text[0] == 'b' && text.find_first_not_of("0123456789abcdef", 1) == std::string::npos;
}

void add_build_routes(httplib::Server& server, ApiContext& context) {
  server.Post("/api/v1/builds", reading_to_end(context.config.max_upload_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                    const httplib::ContentReader& reader) { post_build(context, request, response, reader); }));
  server.Get("/api/v1/builds", [&](const auto& request, auto& response) { list_builds(context, request, response); });
  server.Get(R"(/api/v1/builds/([^/]+))", [&](const auto& request, auto& response) { get_build(context, request, response); });
  // Cancelling keeps the build (it reads back as cancelled), so it is not a DELETE.
  server.Post(R"(/api/v1/builds/([^/]+)/cancel)",
              reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                                                   const httplib::ContentReader& reader) {
                cancel_build(context, request, response, reader);
              }));
  server.Post(R"(/api/v1/builds/([^/]+)/push)",
              reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& reader) {
                push_build(context, request, response, reader);
              }));
}

}  // namespace kiln::http
