#include "http/documented_methods.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "http/openapi_document.hpp"

namespace kiln::http {
namespace {

const std::vector<std::string> kOperationKeys = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

// "/api/v1/builds/{id}/logs" -> ^/api/v1/builds/[^/]+/logs$, the same segment httplib's ([^/]+) captures.
std::regex path_pattern(const std::string& templated) {
  static const std::regex parameter(R"(\{[^}/]+\})");
  static const std::regex special(R"([.^$|()\[\]*+?\\])");
  auto literal = std::regex_replace(templated, special, R"(\$&)");
  return std::regex("^" + std::regex_replace(literal, parameter, "[^/]+") + "$");
}

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

DocumentedMethods::DocumentedMethods() {
  auto document = nlohmann::json::parse(openapi_document());
  for (const auto& [path, item] : document.at("paths").items()) {
    Route route{path_pattern(path), {}};
    for (const auto& key : kOperationKeys)
      if (item.contains(key)) route.methods.push_back(upper(key));
    if (std::count(route.methods.begin(), route.methods.end(), "GET") && !std::count(route.methods.begin(), route.methods.end(), "HEAD"))
      route.methods.insert(std::find(route.methods.begin(), route.methods.end(), "GET") + 1, "HEAD");
    routes_.push_back(std::move(route));
  }
}

const DocumentedMethods::Route* DocumentedMethods::find(const std::string& path) const {
  for (const auto& route : routes_)
    if (std::regex_match(path, route.path)) return &route;
  return nullptr;
}

std::optional<std::string> DocumentedMethods::allow_header(const std::string& path) const {
  const auto* route = find(path);
  if (!route) return std::nullopt;
  std::string out;
  for (const auto& method : route->methods) out += (out.empty() ? "" : ", ") + method;
  return out;
}

bool DocumentedMethods::allows(const std::string& path, const std::string& method) const {
  const auto* route = find(path);
  return route && std::count(route->methods.begin(), route->methods.end(), method) > 0;
}

}  // namespace kiln::http
