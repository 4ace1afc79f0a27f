// GET /api/v1/apps, /apps/{name}, /apps/{name}/deployments; POST /apps/{name}/sync: the apps the
// GitOps watcher follows (server config [[apps]]), what it built of each, and "check now".
#include "http/api_response.hpp"
#include "http/routes.hpp"
#include "service/utc_timestamp.hpp"
#include "sources/url_redaction.hpp"

namespace kiln::http {
namespace {

constexpr int kDeploymentPage = 100;

// A stored deployment, with the live status of its build while that is not final.
nlohmann::json deployment_json(ApiContext& context, service::Deployment deployment) {
  if (auto build = context.builds.get(deployment.build_id); build && build->has_value()) {
    deployment.status = service::to_string((*build)->status);
    if (deployment.digest.empty()) deployment.digest = (*build)->image_digest.empty() ? (*build)->image_id : (*build)->image_digest;
  }
  return service::to_json(deployment);
}

nlohmann::json app_json(ApiContext& context, const service::WatchedApp& app) {
  nlohmann::json out = {{"name", app.name},
                        {"repo", redact_url(app.repo)},
                        {"branch", app.branch},
                        {"interval_seconds", app.interval.count()},
                        {"image", app.image_template},
                        {"keep", app.keep},
                        {"webhooks", !app.webhook_secret.empty()}};
  if (!app.context.empty()) out["context"] = app.context;
  if (!app.registry.empty()) out["push"] = {{"registry", app.registry}, {"namespace", app.namespace_}};
  auto state = context.apps->state(app.name);
  out["head"] = state.head.empty() ? nlohmann::json(nullptr) : nlohmann::json(state.head);
  out["checked_at"] = state.checked_at_ms == 0 ? nlohmann::json(nullptr) : nlohmann::json(service::rfc3339_utc_ms(state.checked_at_ms));
  out["last_error"] = state.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(state.error);
  auto latest = context.apps->deployments().latest(app.name);
  out["latest_deployment"] = latest && latest->has_value() ? deployment_json(context, **latest) : nlohmann::json(nullptr);
  // A repository that lists [[apps]]: each is deployed as "<app>/<sub-app>".
  nlohmann::json subs = nlohmann::json::array();
  for (const auto& sub : context.apps->sub_apps(app.name)) {
    const auto name = service::sub_app_name(app.name, sub.name);
    auto sub_latest = context.apps->deployments().latest(name);
    subs.push_back({{"name", name},
                    {"path", sub.path},
                    {"latest_deployment", sub_latest && sub_latest->has_value() ? deployment_json(context, **sub_latest) : nlohmann::json(nullptr)}});
  }
  out["sub_apps"] = subs;
  return out;
}

const service::WatchedApp* find_app(ApiContext& context, const httplib::Request& request, httplib::Response& response) {
  const std::string name = request.matches[1];
  const auto* app = context.apps ? context.apps->find(name) : nullptr;
  if (!app) send_error(response, Error{ErrorCode::NotFound, "no watched app '" + name.substr(0, 64) + "' (see GET /api/v1/apps)"});
  return app;
}

}  // namespace

void add_app_routes(httplib::Server& server, ApiContext& context) {
  server.Get("/api/v1/apps", [&](const httplib::Request&, httplib::Response& response) {
    nlohmann::json apps = nlohmann::json::array();
    if (context.apps)
      for (const auto& app : context.apps->apps()) apps.push_back(app_json(context, app));
    send_json(response, 200, {{"apps", apps}});
  });
  server.Get(R"(/api/v1/apps/([^/]+))", [&](const httplib::Request& request, httplib::Response& response) {
    if (const auto* app = find_app(context, request, response)) send_json(response, 200, app_json(context, *app));
  });
  server.Get(R"(/api/v1/apps/([^/]+)/deployments)", [&](const httplib::Request& request, httplib::Response& response) {
    const auto* app = find_app(context, request, response);
    if (!app) return;
    auto limit = query_integer(request, "limit", 20, 1, kDeploymentPage);
    if (!limit) return send_error(response, limit.error());
    auto deployments = context.apps->deployments().list(app->name, static_cast<int>(*limit), true);
    if (!deployments) return send_error(response, deployments.error());
    nlohmann::json out = nlohmann::json::array();
    for (auto& deployment : *deployments) out.push_back(deployment_json(context, std::move(deployment)));
    send_json(response, 200, {{"deployments", out}});
  });
  server.Post(R"(/api/v1/apps/([^/]+)/sync)",
              reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                                                   const httplib::ContentReader& reader) {
                if (auto drained = discard_body(request, reader, context.config.max_request_bytes); !drained)
                  return send_error(response, drained.error());
                const auto* app = find_app(context, request, response);
                if (!app) return;
                auto started = context.apps->check_now(app->name, "sync");
                if (!started) return send_error(response, started.error());
                if (started->empty())
                  return send_json(response, 200, {{"deployment", nullptr}, {"deployments", nlohmann::json::array()},
                                                   {"head", context.apps->state(app->name).head}, {"up_to_date", true}});
                nlohmann::json all = nlohmann::json::array();
                for (const auto& deployment : *started) all.push_back(deployment_json(context, deployment));
                send_json(response, 202, {{"deployment", all.front()}, {"deployments", all}, {"up_to_date", false}});
              }));
}

}  // namespace kiln::http
