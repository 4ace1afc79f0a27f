#pragma once
// kiln.toml at the app root: the user's word over what detection inferred.
//
//   buildpack = "kiln.python"        # skip detection
//   context = "services/api"         # the app lives in a sub-folder
//   install = "pip install -r requirements.txt"
//   build = "python manage.py collectstatic --noinput"
//   start = "gunicorn app:app"
//   port = 8000
//   build_image = "python"           # a runtime of the stack catalogue, or an image reference
//   run_image = "python"
//   runtime_versions = "nearest"     # a pin no stack satisfies: the nearest version, warned ("exact": an error)
//   packages = ["libpq-dev"]          # Debian packages for the build stage
//   run_packages = ["libpq5"]
//   dockerfile = "deploy/Dockerfile"  # for the dockerfile buildpack
//   target = "runtime"
//   service = "web"                   # for the compose buildpack
//   [env]        KEY = "value"
//   [build_args] KEY = "value"
//   [stacks]     node = "node:22-bookworm-slim"   # a stack or runtime of the catalogue -> an image
//   [buildpack_options] ...           # handed to the buildpack as is
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiln {

struct AppConfig {
  std::optional<std::string> buildpack;
  std::optional<std::string> context;
  std::optional<std::string> install;
  std::optional<std::string> build;
  std::optional<std::string> start;
  std::optional<int> port;
  std::optional<std::string> build_image;
  std::optional<std::string> run_image;
  std::optional<std::string> runtime_versions;  // "exact" or "nearest"
  std::vector<std::string> packages;
  std::vector<std::string> run_packages;
  std::optional<std::string> dockerfile;
  std::optional<std::string> target;
  std::optional<std::string> service;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> build_args;
  std::map<std::string, std::string> stacks;
  nlohmann::json buildpack_options = nlohmann::json::object();

  // Values set in `other` win (command line over file).
  void merge_from(const AppConfig& other);
};

inline constexpr const char* kAppConfigFile = "kiln.toml";

// Parses kiln.toml text; `origin` names the file in messages ("kiln.toml:7: ...").
Result<AppConfig> parse_app_config(std::string_view text, const std::string& origin);

}  // namespace kiln
