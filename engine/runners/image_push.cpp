#include "runners/image_push.hpp"

#include <openssl/evp.h>

#include <regex>

#include <nlohmann/json.hpp>

#include "core/value_checks.hpp"

namespace kiln {
namespace {

std::string base64url(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  for (auto& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

}  // namespace

Result<ImageReference> parse_image_reference(const std::string& reference) {
  if (auto problem = check_image_reference(reference)) return Error{ErrorCode::InvalidRequest, *problem};
  if (reference.find('@') != std::string::npos)
    return Error{ErrorCode::InvalidRequest, "push to a tag, not a digest: " + reference};
  ImageReference ref;
  auto slash = reference.rfind('/');
  auto colon = reference.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    ref.repository = reference.substr(0, colon);
    ref.tag = reference.substr(colon + 1);
  } else {
    ref.repository = reference;
    ref.tag = "latest";
  }
  // Like docker: the first component is a registry when it has a '.' or ':' or is localhost.
  auto first = ref.repository.substr(0, ref.repository.find('/'));
  if (ref.repository.find('/') != std::string::npos &&
      (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost"))
    ref.registry = first;
  return ref;
}

std::string registry_auth_header(const RegistryCredentials* credentials, const std::string& server) {
  if (!credentials) return base64url("{}");
  nlohmann::json auth{{"username", credentials->username},
                      {"password", credentials->password},
                      {"serveraddress", credentials->server.empty() ? server : credentials->server}};
  return base64url(auth.dump());
}

Result<PushResult> push_image(const DockerEngine& engine, const std::string& image, const std::string& target,
                              const RegistryCredentials* credentials, const sdk::EventSink& events,
                              const std::atomic<bool>& cancelled) {
  auto ref = parse_image_reference(target);
  if (!ref) return ref.error();
  auto tagged = engine.call("POST", "/images/" + url_encode(image) + "/tag?repo=" + url_encode(ref->repository) +
                                        "&tag=" + url_encode(ref->tag));
  if (!tagged) return tagged.error().with_context("tagging " + image + " as " + target);

  PushResult result{ref->repository + ":" + ref->tag, ""};
  std::string error;
  LineSplitter lines([&](std::string_view line) {
    auto message = nlohmann::json::parse(line, nullptr, false);
    if (!message.is_object()) return;
    if (message.contains("errorDetail") || message.contains("error")) {
      error = message.contains("error") && message["error"].is_string() ? message["error"].get<std::string>()
                                                                        : message["errorDetail"].value("message", "");
      return;
    }
    if (auto aux = message.find("aux"); aux != message.end() && aux->is_object()) result.digest = aux->value("Digest", "");
    if (events && message.contains("status") && message["status"].is_string()) {
      std::string status = message.value("id", "");
      status += (status.empty() ? "" : ": ") + message["status"].get<std::string>();
      if (message.contains("progress") && message["progress"].is_string()) status += " " + message["progress"].get<std::string>();
      events({sdk::BuildEvent::Kind::Log, status});
    }
  });
  HttpRequest request;
  request.method = "POST";
  request.path = engine.versioned("/images/" + url_encode(ref->repository) + "/push?tag=" + url_encode(ref->tag));
  request.headers = {"X-Registry-Auth: " + registry_auth_header(credentials, ref->registry)};
  request.on_data = [&](std::string_view chunk) { lines.feed(chunk); };
  request.cancelled = &cancelled;
  auto response = engine.transport().send(request);
  lines.finish();
  if (!response) return response.error().with_context("push of " + target);
  if (!response->ok()) return Error{ErrorCode::PushFailed, "push of " + target + ": " + engine_error_message(*response)};
  if (!error.empty()) return Error{ErrorCode::PushFailed, "push of " + target + ": " + error};
  if (result.digest.empty()) return Error{ErrorCode::PushFailed, "push of " + target + " ended without a digest"};
  return result;
}

}  // namespace kiln
