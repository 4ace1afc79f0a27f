#include "server_config.hpp"

#include <array>
#include <regex>
#include <sstream>

#include <kiln/sdk/generator.hpp>
#include <kiln/support/relative_path.hpp>

namespace kiln::static_site {
namespace {

constexpr std::array<std::string_view, 4> kNginxConfigs{"nginx.conf", "default.conf", "nginx/nginx.conf",
                                                        "nginx/default.conf"};

bool is_index(const nlohmann::json& target) { return target == "index.html" || target == "/index.html"; }

bool nginx_falls_back(std::string_view text) {
  // try_files $uri $uri/ /index.html;  (also with =404 left out, or $uri.html first)
  static const std::regex try_files(R"(try_files[^;]*\s/index\.html\s*;)");
  return std::regex_search(text.begin(), text.end(), try_files);
}

bool redirects_fall_back(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string from, to, status;
    if (words >> from >> to >> status && from == "/*" && to == "/index.html" && status.starts_with("200")) return true;
  }
  return false;
}

}  // namespace

std::optional<ServerConfig> read_static_json(const sdk::SourceTree& tree) {
  if (!tree.exists("static.json") || tree.is_dir("static.json")) return std::nullopt;
  auto doc = tree.json("static.json");
  if (!doc || !doc->is_object()) throw sdk::BuildpackError("static.json is not a JSON object");
  ServerConfig config{"static.json", std::nullopt, false};
  if (auto root = doc->find("root"); root != doc->end() && root->is_string())
    config.root = support::require_relative_path(root->get<std::string>(), "static.json: root");
  if (auto routes = doc->find("routes"); routes != doc->end() && routes->is_object())
    for (auto route = routes->begin(); route != routes->end(); ++route)
      if (route.key() == "/**" && is_index(route.value())) config.spa = true;
  return config;
}

std::optional<ServerConfig> spa_fallback_config(const sdk::SourceTree& tree, const std::string& served_folder) {
  for (auto path : kNginxConfigs)
    if (auto text = tree.read(path); text && nginx_falls_back(*text)) return ServerConfig{std::string(path), std::nullopt, true};
  auto redirects = served_folder.empty() || served_folder == "." ? std::string("_redirects") : served_folder + "/_redirects";
  if (auto text = tree.read(redirects); text && redirects_fall_back(*text)) return ServerConfig{redirects, std::nullopt, true};
  return std::nullopt;
}

}  // namespace kiln::static_site
