#include "core/app_config.hpp"

#include <sstream>

#include <toml++/toml.h>

#include <kiln/support/toml_json.hpp>

#include "core/toml_document.hpp"
#include "core/value_checks.hpp"

namespace kiln {
namespace {

// Reads one table's keys, turning every mistake into "file:line: message".
class ConfigReader {
 public:
  explicit ConfigReader(std::string origin) : origin_(std::move(origin)) {}

  Error error_at(const toml::node& node, const std::string& message) const {
    return Error{ErrorCode::InvalidConfig, origin_ + ":" + std::to_string(node.source().begin.line) + ": " + message};
  }

  Result<std::string> string(const std::string& key, const toml::node& node) const {
    auto value = node.value<std::string>();
    if (!node.is_string() || !value) return error_at(node, "'" + key + "' must be a string");
    if (auto problem = check_single_line("'" + key + "'", *value); problem && key != "install" && key != "build" && key != "start")
      return error_at(node, *problem);
    return *value;
  }

  Result<std::vector<std::string>> strings(const std::string& key, const toml::node& node) const {
    const auto* array = node.as_array();
    if (!array) return error_at(node, "'" + key + "' must be an array of strings");
    std::vector<std::string> out;
    for (const auto& item : *array) {
      if (!item.is_string()) return error_at(item, "'" + key + "' must contain only strings");
      out.push_back(*item.value<std::string>());
    }
    return out;
  }

  Result<std::map<std::string, std::string>> string_table(const std::string& key, const toml::node& node,
                                                          bool keys_are_variables) const {
    const auto* table = node.as_table();
    if (!table) return error_at(node, "'" + key + "' must be a table");
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : *table) {
      std::string k(name.str());
      if (keys_are_variables)
        if (auto problem = check_env_name(k)) return error_at(value, "[" + key + "] " + *problem);
      if (!value.is_string()) return error_at(value, "[" + key + "] " + k + " must be a string");
      auto text = *value.value<std::string>();
      if (auto problem = check_single_line("[" + key + "] " + k, text)) return error_at(value, *problem);
      out.emplace(std::move(k), std::move(text));
    }
    return out;
  }

 private:
  std::string origin_;
};

const char* const kKnownKeys =
    "buildpack, context, install, build, start, port, build_image, run_image, runtime_versions, packages, run_packages, "
    "dockerfile, target, service, [env], [build_args], [stacks], [buildpack_options]";

}  // namespace

void AppConfig::merge_from(const AppConfig& o) {
  auto take = [](auto& mine, const auto& theirs) { if (theirs) mine = theirs; };
  take(buildpack, o.buildpack);
  take(context, o.context);
  take(install, o.install);
  take(build, o.build);
  take(start, o.start);
  take(port, o.port);
  take(build_image, o.build_image);
  take(run_image, o.run_image);
  take(runtime_versions, o.runtime_versions);
  take(dockerfile, o.dockerfile);
  take(target, o.target);
  take(service, o.service);
  packages.insert(packages.end(), o.packages.begin(), o.packages.end());
  run_packages.insert(run_packages.end(), o.run_packages.begin(), o.run_packages.end());
  for (const auto& [k, v] : o.env) env[k] = v;
  for (const auto& [k, v] : o.build_args) build_args[k] = v;
  for (const auto& [k, v] : o.stacks) stacks[k] = v;
  if (!o.buildpack_options.empty()) buildpack_options.merge_patch(o.buildpack_options);
}

Result<AppConfig> parse_app_config(std::string_view text, const std::string& origin) {
  auto document = parse_toml_document(text, origin);
  if (!document) return document.error();
  const auto& root = *document;
  ConfigReader reader(origin);
  AppConfig config;

  for (const auto& [name, node] : root) {
    const std::string key(name.str());
    auto set_string = [&](std::optional<std::string>& field) -> Status {
      auto value = reader.string(key, node);
      if (!value) return value.error();
      field = std::move(value.value());
      return Ok{};
    };
    auto set_strings = [&](std::vector<std::string>& field) -> Status {
      auto value = reader.strings(key, node);
      if (!value) return value.error();
      for (const auto& pkg : *value)
        if (auto problem = check_package_name(pkg)) return reader.error_at(node, "'" + key + "': " + *problem);
      field = std::move(value.value());
      return Ok{};
    };
    auto set_table = [&](std::map<std::string, std::string>& field, bool variables) -> Status {
      auto value = reader.string_table(key, node, variables);
      if (!value) return value.error();
      field = std::move(value.value());
      return Ok{};
    };

    Status status = Ok{};
    if (key == "buildpack_options") {
      if (!node.is_table()) status = reader.error_at(node, "'buildpack_options' must be a table");
      else config.buildpack_options = support::toml_to_json(node);
    } else if (key == "buildpack") status = set_string(config.buildpack);
    else if (key == "context") {
      status = set_string(config.context);
      if (status && config.context)
        if (auto problem = check_relative_path("'context'", *config.context)) status = reader.error_at(node, *problem);
    } else if (key == "install") status = set_string(config.install);
    else if (key == "build") status = set_string(config.build);
    else if (key == "start") status = set_string(config.start);
    else if (key == "build_image" || key == "run_image") {
      auto& field = key == "build_image" ? config.build_image : config.run_image;
      status = set_string(field);
      if (status)
        if (auto problem = check_image_reference(*field)) status = reader.error_at(node, "'" + key + "': " + *problem);
    } else if (key == "runtime_versions") {
      status = set_string(config.runtime_versions);
      if (status && *config.runtime_versions != "exact" && *config.runtime_versions != "nearest")
        status = reader.error_at(node, "'runtime_versions' must be \"exact\" or \"nearest\", not '" +
                                           config.runtime_versions->substr(0, 32) + "'");
    } else if (key == "dockerfile") {
      status = set_string(config.dockerfile);
      if (status)
        if (auto problem = check_relative_path("'dockerfile'", *config.dockerfile)) status = reader.error_at(node, *problem);
    } else if (key == "target") status = set_string(config.target);
    else if (key == "service") status = set_string(config.service);
    else if (key == "port") {
      auto port = node.value_exact<int64_t>();
      if (!port) status = reader.error_at(node, "'port' must be an integer");
      else if (auto problem = check_port(*port)) status = reader.error_at(node, "'port': " + *problem);
      else config.port = static_cast<int>(*port);
    } else if (key == "packages") status = set_strings(config.packages);
    else if (key == "run_packages") status = set_strings(config.run_packages);
    else if (key == "env") status = set_table(config.env, true);
    else if (key == "build_args") status = set_table(config.build_args, true);
    else if (key == "stacks") {
      status = set_table(config.stacks, false);
      if (status)
        for (const auto& [stack, image] : config.stacks)
          if (auto problem = check_image_reference(image)) { status = reader.error_at(node, "[stacks] " + stack + ": " + *problem); break; }
    } else if (key == "apps") {
      // [[apps]] of a multi-app repository: read by core/repo_apps_manifest.hpp, not an app's own setting.
    } else {
      status = reader.error_at(node, "unknown key '" + key + "' (known keys: " + kKnownKeys + ")");
    }
    if (!status) return status.error();
  }
  return config;
}

}  // namespace kiln
