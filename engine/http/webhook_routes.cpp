// POST /api/v1/hooks/github, /hooks/gitlab, /hooks/generic: a push to a watched branch starts a
// check of that app at once. No bearer token: each delivery is signed with the app's
// webhook_secret (GitHub: X-Hub-Signature-256, generic: X-Kiln-Signature-256, both HMAC-SHA256 of
// the raw body; GitLab: X-Gitlab-Token). The body is never logged.
#include <algorithm>
#include <cctype>

#include "http/api_response.hpp"
#include "http/routes.hpp"
#include "service/webhook_signature.hpp"

namespace kiln::http {
namespace {

// "https://Host/team/app.git/" and "https://host/team/app" are one repository.
std::string repo_key(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() > 4 && url.compare(url.size() - 4, 4, ".git") == 0) url.resize(url.size() - 4);
  std::transform(url.begin(), url.end(), url.begin(), [](unsigned char c) { return std::tolower(c); });
  return url;
}

// The watched apps whose repo is one of the URLs the event names.
std::vector<const service::WatchedApp*> apps_of(ApiContext& context, const std::vector<std::string>& urls) {
  std::vector<const service::WatchedApp*> out;
  if (!context.apps) return out;
  for (const auto& app : context.apps->apps())
    for (const auto& url : urls)
      if (!url.empty() && repo_key(url) == repo_key(app.repo)) {
        out.push_back(&app);
        break;
      }
  return out;
}

std::string string_at(const nlohmann::json& body, const nlohmann::json::json_pointer& where) {
  return body.contains(where) && body.at(where).is_string() ? body.at(where).get<std::string>() : std::string();
}

// What one provider's delivery says, read from its headers and JSON body.
struct Delivery {
  std::string provider;                   // for the log
  std::string id;                         // the sender's delivery id; empty: none given
  std::string event;                      // "push", "ping", or another the hook ignores
  std::string branch;                     // of a push
  std::vector<const service::WatchedApp*> candidates;  // apps of the repository it names
};

using Verify = std::function<Status(const service::WatchedApp&)>;

// Shared by every provider once its delivery is read: verify, drop a replay, trigger.
void answer(ApiContext& context, const httplib::Request& request, httplib::Response& response, const Delivery& delivery,
            const Verify& verify) {
  if (delivery.candidates.empty())
    return send_json(response, 202, {{"triggered", nlohmann::json::array()}, {"reason", "no watched app has this repository"}});
  std::vector<const service::WatchedApp*> verified;
  std::string refusal = "no watched app of this repository has a webhook_secret";
  for (const auto* app : delivery.candidates) {
    if (app->webhook_secret.empty()) continue;
    if (auto ok = verify(*app); ok) verified.push_back(app);
    else refusal = ok.error().message;
  }
  if (verified.empty()) {
    context.log.warn("webhook refused", {{"provider", delivery.provider}, {"delivery", delivery.id.substr(0, 100)},
                                         {"remote", request.remote_addr}, {"reason", refusal}});
    return send_error(response, Error{ErrorCode::Unauthorized, refusal});
  }
  if (!delivery.id.empty()) {
    auto first = context.apps->deployments().first_delivery(delivery.provider + ":" + delivery.id.substr(0, 200));
    if (!first) return send_error(response, first.error());
    if (!*first) return send_json(response, 200, {{"triggered", nlohmann::json::array()}, {"reason", "this delivery was taken already"}});
  }
  if (delivery.event == "ping") return send_json(response, 200, {{"pong", true}});
  nlohmann::json triggered = nlohmann::json::array();
  if (delivery.event == "push")
    for (const auto* app : verified)
      if (app->branch == delivery.branch) {
        context.apps->trigger(app->name);
        triggered.push_back(app->name);
      }
  context.log.info("webhook", {{"provider", delivery.provider}, {"delivery", delivery.id.substr(0, 100)},
                               {"event", delivery.event.substr(0, 64)}, {"triggered", triggered}});
  send_json(response, 202, {{"triggered", triggered}});
}

std::string branch_of(const std::string& ref) {
  static const std::string heads = "refs/heads/";
  return ref.rfind(heads, 0) == 0 ? ref.substr(heads.size()) : std::string();
}

using Reader = std::function<Delivery(ApiContext&, const httplib::Request&, const nlohmann::json&)>;
using Checker = std::function<Status(const httplib::Request&, const std::string& body, const service::WatchedApp&)>;

httplib::Server::HandlerWithContentReader hook(ApiContext& context, Reader read, Checker check) {
  const auto limit = context.config.max_webhook_bytes;
  return reading_to_end(limit, [&context, limit, read, check](const httplib::Request& request, httplib::Response& response,
                                                              const httplib::ContentReader& reader) {
    auto body = read_body_text(request, reader, limit);
    if (!body) return send_error(response, body.error());
    auto json = nlohmann::json::parse(*body, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return send_error(response, Error{ErrorCode::InvalidRequest, "the body is not a JSON object"});
    auto delivery = read(context, request, json);
    answer(context, request, response, delivery, [&](const service::WatchedApp& app) { return check(request, *body, app); });
  });
}

}  // namespace

void add_webhook_routes(httplib::Server& server, ApiContext& context) {
  server.Post(
      "/api/v1/hooks/github",
      hook(
          context,
      [](ApiContext& context, const httplib::Request& request, const nlohmann::json& body) {
        using P = nlohmann::json::json_pointer;
        return Delivery{"github", request.get_header_value("X-GitHub-Delivery"), request.get_header_value("X-GitHub-Event"),
                        branch_of(string_at(body, P("/ref"))),
                        apps_of(context, {string_at(body, P("/repository/clone_url")), string_at(body, P("/repository/git_url")),
                                          string_at(body, P("/repository/ssh_url")), string_at(body, P("/repository/html_url"))})};
      },
      [](const httplib::Request& request, const std::string& body, const service::WatchedApp& app) {
        return service::check_hmac_signature("X-Hub-Signature-256", request.get_header_value("X-Hub-Signature-256"), app.webhook_secret, body);
      }));
  server.Post(
      "/api/v1/hooks/gitlab",
      hook(
          context,
      [](ApiContext& context, const httplib::Request& request, const nlohmann::json& body) {
        using P = nlohmann::json::json_pointer;
        auto event = request.get_header_value("X-Gitlab-Event");
        return Delivery{"gitlab", request.get_header_value("X-Gitlab-Event-UUID"), event == "Push Hook" ? "push" : event,
                        branch_of(string_at(body, P("/ref"))),
                        apps_of(context, {string_at(body, P("/project/git_http_url")), string_at(body, P("/project/git_ssh_url")),
                                          string_at(body, P("/project/web_url"))})};
      },
      [](const httplib::Request& request, const std::string&, const service::WatchedApp& app) {
        return service::check_shared_token("X-Gitlab-Token", request.get_header_value("X-Gitlab-Token"), app.webhook_secret);
      }));
  // Anything else that can sign: {"repo": URL, "branch": name} (or "ref": "refs/heads/name").
  server.Post(
      "/api/v1/hooks/generic",
      hook(
          context,
      [](ApiContext& context, const httplib::Request& request, const nlohmann::json& body) {
        using P = nlohmann::json::json_pointer;
        auto branch = string_at(body, P("/branch"));
        if (branch.empty()) branch = branch_of(string_at(body, P("/ref")));
        return Delivery{"generic", request.get_header_value("X-Kiln-Delivery"), "push", branch,
                        apps_of(context, {string_at(body, P("/repo"))})};
      },
      [](const httplib::Request& request, const std::string& body, const service::WatchedApp& app) {
        return service::check_hmac_signature("X-Kiln-Signature-256", request.get_header_value("X-Kiln-Signature-256"), app.webhook_secret, body);
      }));
}

}  // namespace kiln::http
