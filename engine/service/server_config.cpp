#include "service/server_config.hpp"

#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "core/quantity_parsing.hpp"
#include "core/toml_document.hpp"
#include "service/git_credentials_config.hpp"
#include "sources/git_url.hpp"

namespace kiln::service {
namespace {

// Reads each key into the config; an unknown key is an error, so a typo never silently becomes a default.
class ServerConfigReader {
 public:
  ServerConfigReader(std::string origin, ServerConfig& config) : origin_(std::move(origin)), config_(config) {}

  Status read(const std::string& key, const toml::node& node) {
    if (key == "listen") return with_string(key, node, [&](const std::string& v) { return parse_listen_address(v, config_); });
    if (key == "data_dir") return with_string(key, node, [&](const std::string& v) { config_.data_dir = v; return Status{Ok{}}; });
    if (key == "engine") return with_string(key, node, [&](const std::string& v) { config_.engine = v; return Status{Ok{}}; });
    if (key == "stack_catalogue") return with_string(key, node, [&](const std::string& v) { config_.stack_catalogue = v; return Status{Ok{}}; });
    if (key == "ca_bundle") return with_string(key, node, [&](const std::string& v) { config_.ca_bundle = v; return Status{Ok{}}; });
    if (key == "network")
      return with_string(key, node, [&](const std::string& v) -> Status {
        if (v != "host" && v != "none" && v != "default") return Error{ErrorCode::InvalidConfig, "must be host, none or default"};
        config_.network = v;
        return Ok{};
      });
    if (key == "log_format")
      return with_string(key, node, [&](const std::string& v) -> Status {
        if (v != "text" && v != "json") return Error{ErrorCode::InvalidConfig, "must be \"text\" or \"json\""};
        config_.log_format = v;
        return Ok{};
      });
    if (key == "log_level")
      return with_string(key, node, [&](const std::string& v) -> Status {
        if (v != "info" && v != "debug") return Error{ErrorCode::InvalidConfig, "must be \"info\" or \"debug\""};
        config_.log_level = v;
        return Ok{};
      });
    if (key == "max_concurrent_builds") return integer(key, node, config_.max_concurrent_builds);
    if (key == "max_queued_builds") return integer(key, node, config_.max_queued_builds);
    if (key == "http_threads") return integer(key, node, config_.http_threads);
    if (key == "build_timeout") return duration(key, node, config_.build_timeout);
    if (key == "buildpack_timeout") return duration(key, node, config_.buildpack_timeout);
    if (key == "analysis_workers") return integer(key, node, config_.analysis_workers);
    if (key == "shutdown_grace") return duration(key, node, config_.shutdown_grace);
    if (key == "max_upload_size") return size(key, node, config_.max_upload_bytes);
    if (key == "max_request_size") return size(key, node, config_.max_request_bytes);
    if (key == "bundled_buildpacks") return boolean(key, node, config_.bundled_buildpacks);
    if (key == "access_log") return boolean(key, node, config_.access_log);
    if (key == "allow_file_git_urls") return boolean(key, node, config_.allow_file_git_urls);
    if (key == "tokens") return strings(key, node, config_.tokens);
    if (key == "plugin_dirs") return strings(key, node, config_.plugin_dirs);
    if (key == "stacks") return string_table(key, node, config_.stacks);
    if (key == "git_credentials") {
      auto rules = read_git_credentials(node, origin_);
      if (!rules) return rules.error();
      config_.git_credentials = std::move(*rules);
      return Ok{};
    }
    if (key == "max_webhook_size") return size(key, node, config_.max_webhook_bytes);
    if (key == "apps") {
      auto apps = read_watched_apps(node, origin_);
      if (!apps) return apps.error();
      config_.apps = std::move(*apps);
      return Ok{};
    }
    return config_error_at(origin_, node, "unknown key '" + key + "'");
  }

 private:
  template <class Apply>
  Status with_string(const std::string& key, const toml::node& node, Apply apply) {
    auto value = node.value<std::string>();
    if (!node.is_string() || !value) return config_error_at(origin_, node, "'" + key + "' must be a string");
    if (auto applied = apply(*value); !applied) return config_error_at(origin_, node, "'" + key + "' " + applied.error().message);
    return Ok{};
  }
  Status integer(const std::string& key, const toml::node& node, int& out) {
    auto value = node.value<std::int64_t>();
    if (!node.is_integer() || !value || *value < 1 || *value > 100000)
      return config_error_at(origin_, node, "'" + key + "' must be a whole number from 1 to 100000");
    out = static_cast<int>(*value);
    return Ok{};
  }
  Status duration(const std::string& key, const toml::node& node, std::chrono::seconds& out) {
    return with_string(key, node, [&](const std::string& v) -> Status {
      auto parsed = parse_duration(v);
      if (!parsed) return parsed.error();
      out = *parsed;
      return Ok{};
    });
  }
  Status size(const std::string& key, const toml::node& node, std::int64_t& out) {
    return with_string(key, node, [&](const std::string& v) -> Status {
      auto parsed = parse_size(v);
      if (!parsed) return parsed.error();
      out = *parsed;
      return Ok{};
    });
  }
  Status boolean(const std::string& key, const toml::node& node, bool& out) {
    if (!node.is_boolean()) return config_error_at(origin_, node, "'" + key + "' must be true or false");
    out = *node.value<bool>();
    return Ok{};
  }
  Status strings(const std::string& key, const toml::node& node, std::vector<std::string>& out) {
    const auto* array = node.as_array();
    if (!array) return config_error_at(origin_, node, "'" + key + "' must be an array of strings");
    out.clear();
    for (const auto& item : *array) {
      if (!item.is_string()) return config_error_at(origin_, item, "'" + key + "' must contain only strings");
      out.push_back(*item.value<std::string>());
    }
    return Ok{};
  }
  Status string_table(const std::string& key, const toml::node& node, std::map<std::string, std::string>& out) {
    const auto* table = node.as_table();
    if (!table) return config_error_at(origin_, node, "'" + key + "' must be a table");
    for (const auto& [name, value] : *table) {
      if (!value.is_string()) return config_error_at(origin_, value, "'" + key + "." + std::string(name.str()) + "' must be a string");
      out[std::string(name.str())] = *value.value<std::string>();
    }
    return Ok{};
  }

  std::string origin_;
  ServerConfig& config_;
};

}  // namespace

Status parse_listen_address(const std::string& text, ServerConfig& config) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return Error{ErrorCode::InvalidConfig, "must be HOST:PORT, e.g. 127.0.0.1:7878"};
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    std::size_t used = 0;
    port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) port = -1;
  } catch (...) {
    port = -1;
  }
  if (port < 0 || port > 65535) return Error{ErrorCode::InvalidConfig, "has a bad port in '" + text + "'"};
  config.host = host;
  config.port = port;
  return Ok{};
}

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

Status check_server_config(const ServerConfig& config) {
  if (!is_loopback_host(config.host) && config.tokens.empty())
    return Error{ErrorCode::InvalidConfig, "refusing to listen on " + config.host +
                                       " without API tokens: set tokens = [\"...\"] (or KILN_API_TOKENS), or listen on 127.0.0.1"};
  for (const auto& token : config.tokens)
    if (token.size() < 16)
      return Error{ErrorCode::InvalidConfig, "API tokens must be at least 16 characters (a short token is guessable)"};
  if (config.data_dir.empty()) return Error{ErrorCode::InvalidConfig, "data_dir is empty"};
  // A watched repository obeys the same URL rules as a build's git source.
  GitPolicy policy;
  policy.allow_file_urls = config.allow_file_git_urls;
  for (const auto& app : config.apps)
    if (auto transport = git_url_transport(app.repo, policy); !transport)
      return Error{ErrorCode::InvalidConfig, "app '" + app.name + "': " + transport.error().message};
  return Ok{};
}

Result<ServerConfig> parse_server_config(std::string_view text, const std::string& origin) {
  auto table = parse_toml_document(text, origin);
  if (!table) return table.error();
  ServerConfig config;
  ServerConfigReader reader(origin, config);
  for (const auto& [key, node] : *table)
    if (auto read = reader.read(std::string(key.str()), node); !read) return read.error();
  return config;
}

Result<ServerConfig> load_server_config(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Error{ErrorCode::InvalidConfig, "cannot read " + file.string()};
  std::stringstream text;
  text << in.rdbuf();
  return parse_server_config(text.str(), file.string());
}

}  // namespace kiln::service
