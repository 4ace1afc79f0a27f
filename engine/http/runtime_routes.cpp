// GET /healthz, /metrics, /api/v1/runtime/info, /api/v1/openapi.json.
#include "http/api_response.hpp"
#include "http/openapi_document.hpp"
#include "http/prometheus_metrics.hpp"
#include "http/routes.hpp"
#include "runners/docker_engine.hpp"
#include "runners/engine_endpoint.hpp"

namespace kiln::http {

void add_runtime_routes(httplib::Server& server, ApiContext& context) {
  server.Get("/healthz", [&](const httplib::Request&, httplib::Response& response) {
    auto engine = DockerEngine::connect(engine_address(context.config.engine));
    if (!engine)
      return send_json(response, 503, {{"status", "unavailable"}, {"engine", {{"reachable", false}, {"error", engine.error().message}}}});
    send_json(response, 200, {{"status", "ok"}, {"engine", {{"reachable", true}, {"kind", engine->info().kind}}}});
  });
  server.Get("/api/v1/runtime/info", [&](const httplib::Request&, httplib::Response& response) {
    auto address = engine_address(context.config.engine);
    nlohmann::json engine_json = {{"address", address}};
    if (auto engine = DockerEngine::connect(address)) {
      const auto& info = engine->info();
      engine_json.update({{"reachable", true}, {"kind", info.kind}, {"version", info.version}, {"api_version", info.api_version},
                          {"os", info.os}, {"arch", info.arch}, {"rootless", info.rootless}});
    } else {
      engine_json.update({{"reachable", false}, {"error", engine.error().message}});
    }
    send_json(response, 200,
              {{"kiln_version", KILN_VERSION},
               {"engine", engine_json},
               {"data_dir", std::filesystem::absolute(context.config.data_dir).string()},
               {"max_concurrent_builds", context.config.max_concurrent_builds},
               {"max_queued_builds", context.config.max_queued_builds},
               {"build_timeout_seconds", context.config.build_timeout.count()}});
  });
  server.Get("/metrics", [&](const httplib::Request&, httplib::Response& response) {
    auto text = prometheus_metrics(context.builds);
    if (!text) return send_error(response, text.error());
    response.set_content(*text, "text/plain; version=0.0.4");
  });
  server.Get("/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(openapi_document()), "application/json");
  });
}

}  // namespace kiln::http
