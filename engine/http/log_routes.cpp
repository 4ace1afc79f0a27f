// GET /api/v1/builds/{id}/logs: a page of lines, or with ?follow=1 a
// Server-Sent Events stream: the backlog first, then lines as they come,
// ending with an `end` event carrying the final status.
#include "http/api_response.hpp"
#include "http/routes.hpp"

namespace kiln::http {
namespace {

constexpr int kStreamBatch = 500;
constexpr auto kKeepAlive = std::chrono::seconds(15);

std::string sse_event(const service::LogLine& line) {
  return "id: " + std::to_string(line.seq) + "\nevent: log\ndata: " +
         service::to_json(line).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

// One follower: where it is in the log, and the change counter it last saw.
struct LogFollower {
  std::string id;
  std::int64_t after = 0;
  std::uint64_t seen = 0;
  bool ended = false;
};

// Called by the server whenever it can send more; blocks until there is something to send.
bool stream_more(ApiContext& context, LogFollower& follower, httplib::DataSink& sink) {
  if (follower.ended) {
    sink.done();
    return true;
  }
  auto& feed = context.builds.feed();
  auto seen = feed.version(follower.id);
  auto lines = context.builds.logs(follower.id, follower.after, kStreamBatch);
  if (!lines) return false;
  if (!lines->empty()) {
    std::string chunk;
    for (const auto& line : *lines) chunk += sse_event(line);
    follower.after = lines->back().seq;
    return sink.write(chunk.data(), chunk.size());
  }
  // Nothing new stored: either the build is over (say so and stop) or wait for a change.
  auto record = context.builds.get(follower.id);
  if (!record || !record->has_value()) return false;
  if (service::is_final((*record)->status) || context.stopping) {
    // Lines stored between the read above and the status check are sent before the end.
    auto last = context.builds.logs(follower.id, follower.after, kStreamBatch);
    if (last && !last->empty()) return true;
    auto end = "event: end\ndata: " + nlohmann::json{{"status", service::to_string((*record)->status)}}.dump() + "\n\n";
    follower.ended = true;
    return sink.write(end.data(), end.size());
  }
  if (feed.wait(follower.id, seen, kKeepAlive) == seen) {
    static const std::string keepalive = ": keep-alive\n\n";
    return sink.write(keepalive.data(), keepalive.size());
  }
  return true;
}

void get_logs(ApiContext& context, const httplib::Request& request, httplib::Response& response) {
  const std::string id = request.matches[1];
  if (!is_build_id(id)) return send_error(response, Error{ErrorCode::NotFound, "no build '" + id.substr(0, 64) + "'"});
  auto record = context.builds.get(id);
  if (!record) return send_error(response, record.error());
  if (!record->has_value()) return send_error(response, Error{ErrorCode::NotFound, "no build " + id});
  auto after = query_integer(request, "after", 0, 0, std::numeric_limits<std::int64_t>::max());
  if (!after) return send_error(response, after.error());
  // A reconnecting EventSource says where it stopped; held to the same bounds as `after`, and
  // refused when out of them even where it is not used (without follow), as the document says.
  std::int64_t last_event = 0;
  if (request.has_header("Last-Event-ID")) {
    auto last = bounded_integer(request.get_header_value("Last-Event-ID"), "Last-Event-ID", 0,
                                std::numeric_limits<std::int64_t>::max());
    if (!last) return send_error(response, last.error());
    last_event = *last;
  }
  bool follow = request.get_param_value("follow") == "1" || request.get_param_value("follow") == "true";
  if (follow) {
    auto follower = std::make_shared<LogFollower>(LogFollower{id, std::max(*after, last_event), 0, false});
    response.set_header("Cache-Control", "no-cache");
    response.set_header("X-Accel-Buffering", "no");
    response.set_chunked_content_provider("text/event-stream", [&context, follower](std::size_t, httplib::DataSink& sink) {
      return stream_more(context, *follower, sink);
    });
    return;
  }
  auto limit = query_integer(request, "limit", 1000, 1, service::kMaxLogPage);
  if (!limit) return send_error(response, limit.error());
  auto lines = context.builds.logs(id, *after, static_cast<int>(*limit));
  if (!lines) return send_error(response, lines.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& line : *lines) out.push_back(service::to_json(line));
  std::int64_t next = lines->empty() ? *after : lines->back().seq;
  bool complete = service::is_final((*record)->status) && static_cast<std::int64_t>(lines->size()) < *limit;
  send_json(response, 200, {{"lines", out}, {"next_after", next}, {"complete", complete}});
}

}  // namespace

void add_log_routes(httplib::Server& server, ApiContext& context) {
  server.Get(R"(/api/v1/builds/([^/]+)/logs)", [&](const auto& request, auto& response) { get_logs(context, request, response); });
}

}  // namespace kiln::http
