// GET /api/v1/buildpacks, POST /api/v1/buildpacks/reload: what is loaded,
// and a rescan of the plugin directories without a restart.
#include "http/api_response.hpp"
#include "http/routes.hpp"

namespace kiln::http {
namespace {

nlohmann::json registry_json(const BuildpackRegistry& registry) {
  nlohmann::json buildpacks = nlohmann::json::array();
  for (const auto& buildpack : registry.buildpacks()) buildpacks.push_back(to_json(buildpack.descriptor));
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& problem : registry.problems()) problems.push_back({{"source", problem.source}, {"message", problem.message}});
  return {{"buildpacks", buildpacks}, {"problems", problems}};
}

}  // namespace

void add_buildpack_routes(httplib::Server& server, ApiContext& context) {
  server.Get("/api/v1/buildpacks", [&](const httplib::Request&, httplib::Response& response) {
    send_json(response, 200, registry_json(*context.catalog.snapshot()));
  });
  // A route with a content reader never waits for a body nobody sends (`curl -X POST` sends no Content-Length).
  server.Post("/api/v1/buildpacks/reload", reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                              const httplib::ContentReader& reader) {
    if (auto drained = discard_body(request, reader, context.config.max_request_bytes); !drained)
      return send_error(response, drained.error());
    auto registry = context.catalog.reload();
    context.log.info("buildpacks reloaded", {{"loaded", registry->buildpacks().size()}, {"refused", registry->problems().size()}});
    send_json(response, 200, registry_json(*registry));
  }));
}

}  // namespace kiln::http
