#pragma once
// kiln serve's settings (kiln-server.toml). Every key has a default that
// works on one machine: loopback, ./kiln-data, the local engine socket.
//
//   listen = "127.0.0.1:7878"
//   data_dir = "./kiln-data"
//   engine = "unix:///var/run/docker.sock"   # default: $DOCKER_HOST, then the local socket
//   max_concurrent_builds = 2
//   max_queued_builds = 200
//   build_timeout = "30m"
//   buildpack_timeout = "5s"                  # one detect or generate, in an analysis worker
//   analysis_workers = 3                      # worker processes that run buildpack code
//   shutdown_grace = "30s"
//   max_upload_size = "512m"                  # tar.gz uploads and bundle downloads
//   max_request_size = "1m"                   # JSON bodies
//   max_webhook_size = "1m"                   # a webhook delivery's body
//   http_threads = 32                         # each following log stream holds one
//   tokens = ["..."]                          # bearer tokens; required off loopback
//   plugin_dirs = ["/etc/kiln/buildpacks"]
//   bundled_buildpacks = true
//   allow_file_git_urls = false               # file:// sources read the server's disk
//   ca_bundle = "/etc/ssl/certs/ca-certificates.crt"
//   network = "host"                          # for build steps
//   log_format = "text"                       # or "json"
//   log_level = "info"                        # or "debug": also how long each stage of a request took
//   access_log = true                         # a line per request
//   stack_catalogue = "/etc/kiln/stacks.toml"  # read over kiln's stacks/catalogue.toml
//   [[git_credentials]] host = "git.example.com"  token_file = "..."   # see git_credentials_config.hpp
//   [stacks] node = "node:22-bookworm-slim"   # a stack or a runtime of the catalogue
//   [[apps]] name = "shop" repo = "..."        # watched repositories: see watched_app.hpp
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sources/git_credentials.hpp"
#include "service/watched_app.hpp"

namespace kiln::service {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 7878;
  std::filesystem::path data_dir = "kiln-data";
  std::string engine;  // empty: $DOCKER_HOST, then the local socket
  int max_concurrent_builds = 2;
  int max_queued_builds = 200;
  std::chrono::seconds build_timeout{30 * 60};
  std::chrono::seconds buildpack_timeout{5};
  int analysis_workers = 3;
  std::chrono::seconds shutdown_grace{30};
  std::int64_t max_upload_bytes = 512ll << 20;
  std::int64_t max_request_bytes = 1ll << 20;
  int http_threads = 32;
  std::vector<std::string> tokens;
  std::vector<std::string> plugin_dirs;
  bool bundled_buildpacks = true;
  bool allow_file_git_urls = false;
  std::string ca_bundle;
  std::string network = "host";
  std::string log_format = "text";
  std::string log_level = "info";
  bool access_log = true;
  std::map<std::string, std::string> stacks;
  std::string stack_catalogue;  // empty: kiln's own alone
  std::vector<GitCredential> git_credentials;  // per host pattern, first match wins

  std::vector<WatchedApp> apps;  // the GitOps watcher's
  std::int64_t max_webhook_bytes = 1ll << 20;

  std::filesystem::path store_file() const { return data_dir / "kiln.db"; }
  std::filesystem::path bundles_dir() const { return data_dir / "bundles"; }
  std::filesystem::path work_dir() const { return data_dir / "work"; }
  std::filesystem::path git_mirrors_dir() const { return data_dir / "git-mirrors"; }
  std::filesystem::path registry_dir() const { return data_dir / "registry"; }  // the registry it serves
  std::filesystem::path installed_buildpacks_dir() const { return data_dir / "buildpacks"; }  // what it installs, scanned too
};

// Parses kiln-server.toml text; messages name the file and line.
Result<ServerConfig> parse_server_config(std::string_view text, const std::string& origin);
Result<ServerConfig> load_server_config(const std::filesystem::path& file);

// "127.0.0.1:7878", "[::1]:80", "0.0.0.0:8080" -> host and port.
Status parse_listen_address(const std::string& text, ServerConfig& config);

// Refuses settings that cannot work or are unsafe: no tokens on a non-loopback address, limits < 1, ...
Status check_server_config(const ServerConfig& config);

bool is_loopback_host(const std::string& host);

}  // namespace kiln::service
