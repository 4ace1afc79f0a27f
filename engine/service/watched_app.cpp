#include "service/watched_app.hpp"

#include <cctype>
#include <ctime>
#include <set>

#include "core/quantity_parsing.hpp"
#include "core/toml_document.hpp"
#include "core/value_checks.hpp"
#include "sources/git_ref_format.hpp"

namespace kiln::service {
namespace {

// One [[apps]] table; an unknown key is an error, as everywhere in the server config.
Result<WatchedApp> read_app(const toml::table& table, const toml::node& where, const std::string& origin) {
  WatchedApp app;
  bool has_name = false, has_repo = false;
  for (const auto& [key_node, value] : table) {
    const std::string key(key_node.str());
    auto text = [&](std::string& out) -> Status {
      if (!value.is_string()) return config_error_at(origin, value, "'apps." + key + "' must be a string");
      out = *value.value<std::string>();
      return Ok{};
    };
    Status read = Ok{};
    if (key == "name") read = text(app.name), has_name = true;
    else if (key == "repo") read = text(app.repo), has_repo = true;
    else if (key == "branch") read = text(app.branch);
    else if (key == "context") read = text(app.context);
    else if (key == "image") read = text(app.image_template);
    else if (key == "registry") read = text(app.registry);
    else if (key == "namespace") read = text(app.namespace_);
    else if (key == "buildpack") read = text(app.buildpack);
    else if (key == "webhook_secret") read = text(app.webhook_secret);
    else if (key == "interval") {
      std::string interval;
      read = text(interval);
      if (read) {
        auto parsed = parse_duration(interval);
        if (!parsed || parsed->count() < 1) return config_error_at(origin, value, "'apps.interval' must be a duration of at least 1s, like \"30s\"");
        app.interval = *parsed;
      }
    } else if (key == "keep") {
      auto keep = value.value<std::int64_t>();
      if (!value.is_integer() || !keep || *keep < 1 || *keep > 1000) return config_error_at(origin, value, "'apps.keep' must be a whole number from 1 to 1000");
      app.keep = static_cast<int>(*keep);
    } else return config_error_at(origin, value, "unknown key 'apps." + key + "'");
    if (!read) return read.error();
  }
  if (!has_name) return config_error_at(origin, where, "an [[apps]] entry needs a 'name'");
  if (auto problem = check_app_name(app.name)) return config_error_at(origin, where, "'apps.name' " + *problem);
  if (!has_repo || app.repo.empty()) return config_error_at(origin, where, "app '" + app.name + "' needs a 'repo' (a git URL)");
  if (auto problem = check_git_branch_name(app.branch)) return config_error_at(origin, where, "app '" + app.name + "': 'branch' " + *problem);
  if (!app.context.empty())
    if (auto problem = check_relative_path("'context'", app.context)) return config_error_at(origin, where, "app '" + app.name + "': " + *problem);
  if (!app.webhook_secret.empty() && app.webhook_secret.size() < 16)
    return config_error_at(origin, where, "app '" + app.name + "': 'webhook_secret' must be at least 16 characters");
  // A template that cannot give a valid reference is refused now, not at the first push.
  if (auto sample = expand_image_template(app, {std::string(40, 'a'), 0}); !sample)
    return config_error_at(origin, where, "app '" + app.name + "': " + sample.error().message);
  return app;
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) text.replace(at, what.size(), with);
}

// A branch as a tag or path part: "feature/x" -> "feature-x".
std::string tag_safe(const std::string& branch) {
  std::string out;
  for (char c : branch) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ? c : '-';
  return out;
}

std::string utc_compact(std::int64_t epoch_s) {
  std::time_t t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y%m%d%H%M%S", &tm);
  return buffer;
}

}  // namespace

Result<std::vector<WatchedApp>> read_watched_apps(const toml::node& node, const std::string& origin) {
  const auto* array = node.as_array();
  if (!array) return config_error_at(origin, node, "'apps' must be an array of tables: [[apps]]");
  std::vector<WatchedApp> apps;
  std::set<std::string> names;
  for (const auto& item : *array) {
    const auto* table = item.as_table();
    if (!table) return config_error_at(origin, item, "each [[apps]] entry must be a table");
    auto app = read_app(*table, item, origin);
    if (!app) return app.error();
    if (!names.insert(app->name).second) return config_error_at(origin, item, "two apps are named '" + app->name + "'");
    apps.push_back(std::move(*app));
  }
  return apps;
}

Result<std::string> expand_image_template(const WatchedApp& app, const ImageFacts& facts) {
  std::string image = app.image_template;
  replace_all(image, "{registry}", app.registry);
  replace_all(image, "{namespace}", app.namespace_);
  replace_all(image, "{app}", app.name);
  replace_all(image, "{short_sha}", facts.commit.substr(0, 12));
  replace_all(image, "{timestamp}", utc_compact(facts.time_epoch_s));
  replace_all(image, "{branch}", tag_safe(app.branch));
  // Empty placeholders leave "//" or a leading '/': drop them.
  replace_all(image, "//", "/");
  while (!image.empty() && image.front() == '/') image.erase(image.begin());
  if (auto problem = check_image_reference(image))
    return Error{ErrorCode::InvalidConfig, "image template '" + app.image_template + "' gives '" + image + "': " + *problem};
  return image;
}

}  // namespace kiln::service
