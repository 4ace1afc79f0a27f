#include "core/repo_apps_manifest.hpp"

#include <cctype>
#include <set>

#include <toml++/toml.h>

#include "core/toml_document.hpp"
#include "core/value_checks.hpp"

namespace kiln {
namespace {

// "./services/web/" -> "services/web"; "." and "./" -> ".".
std::string normalised_path(std::string path) {
  while (path.rfind("./", 0) == 0) path.erase(0, 2);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path.empty() ? "." : path;
}

class EntryReader {
 public:
  EntryReader(const std::string& origin, const toml::node& where) : origin_(origin), where_(where) {}

  Error error(const toml::node& at, const std::string& message) const { return config_error_at(origin_, at, prefix_ + message); }
  void name(const std::string& name) { prefix_ = "[[apps]] '" + name + "': "; }

  Result<std::string> text(const std::string& key, const toml::node& value) const {
    if (!value.is_string()) return error(value, "'" + key + "' must be a string");
    auto out = *value.value<std::string>();
    if (auto problem = check_single_line("'" + key + "'", out)) return error(value, *problem);
    return out;
  }

  Result<std::map<std::string, std::string>> variables(const std::string& key, const toml::node& value) const {
    const auto* table = value.as_table();
    if (!table) return error(value, "'" + key + "' must be a table");
    std::map<std::string, std::string> out;
    for (const auto& [name, item] : *table) {
      std::string k(name.str());
      if (auto problem = check_env_name(k)) return error(item, "[apps." + key + "] " + *problem);
      auto v = text(key + "." + k, item);
      if (!v) return v.error();
      out.emplace(std::move(k), std::move(*v));
    }
    return out;
  }

  Status path(const std::string& key, const toml::node& value, std::string& out) const {
    auto raw = text(key, value);
    if (!raw) return raw.error();
    // An app's folder must stay inside the repository: no absolute path, no "..".
    if (!raw->empty() && raw->front() == '/') return error(value, "'" + key + "' must be relative to the repository, not '" + raw->substr(0, 64) + "'");
    out = normalised_path(*raw);
    if (out != ".")
      if (auto problem = check_relative_path("'" + key + "'", out)) return error(value, *problem + " (it must stay inside the repository)");
    return Ok{};
  }

  const toml::node& where() const { return where_; }

 private:
  const std::string& origin_;
  const toml::node& where_;
  std::string prefix_ = "[[apps]]: ";
};

Result<RepoApp> read_entry(const toml::table& table, const toml::node& where, const std::string& origin) {
  EntryReader reader(origin, where);
  RepoApp app;
  // The name first, so every later message names the entry.
  const auto* name = table.get("name");
  if (!name) return reader.error(where, "an [[apps]] entry needs a 'name'");
  auto name_text = reader.text("name", *name);
  if (!name_text) return name_text.error();
  if (auto problem = check_app_name(*name_text)) return reader.error(*name, "'name' " + *problem);
  app.name = *name_text;
  reader.name(app.name);
  bool has_path = false;
  for (const auto& [key_node, value] : table) {
    const std::string key(key_node.str());
    Status read = Ok{};
    if (key == "name") continue;
    if (key == "path") read = reader.path("path", value, app.path), has_path = true;
    else if (key == "context") {
      read = reader.path("context", value, app.context);
      if (read && app.context == ".") app.context.clear();
    } else if (key == "buildpack") {
      auto text = reader.text(key, value);
      if (!text) return text.error();
      app.buildpack = *text;
    } else if (key == "target") {
      auto text = reader.text(key, value);
      if (!text) return text.error();
      app.target = *text;
    } else if (key == "keep") {
      auto keep = value.value<std::int64_t>();
      if (!value.is_integer() || !keep || *keep < 1 || *keep > 1000) return reader.error(value, "'keep' must be a whole number from 1 to 1000");
      app.keep = static_cast<int>(*keep);
    } else if (key == "env" || key == "build_args") {
      auto variables = reader.variables(key, value);
      if (!variables) return variables.error();
      (key == "env" ? app.env : app.build_args) = std::move(*variables);
    } else {
      return reader.error(value, "unknown key '" + key + "' (known: name, path, context, buildpack, target, keep, [env], [build_args]; "
                                 "anything else goes in the app folder's own kiln.toml)");
    }
    if (!read) return read.error();
  }
  if (!has_path) return reader.error(where, "needs a 'path' (the app's folder in the repository, \".\" for the root)");
  return app;
}

}  // namespace

std::string RepoApp::build_dir() const {
  std::string base = path == "." ? "" : path;
  if (context.empty()) return base;
  return base.empty() ? context : base + "/" + context;
}

bool RepoApp::owns(std::string_view file) const {
  if (path == ".") return true;
  return file.size() > path.size() && file.compare(0, path.size(), path) == 0 && file[path.size()] == '/';
}

Result<std::vector<RepoApp>> parse_repo_apps(std::string_view kiln_toml, const std::string& origin) {
  auto document = parse_toml_document(kiln_toml, origin);
  if (!document) return document.error();
  std::vector<RepoApp> apps;
  const auto* node = document->get("apps");
  if (!node) return apps;
  const auto* array = node->as_array();
  if (!array) return config_error_at(origin, *node, "'apps' must be an array of tables: [[apps]]");
  std::set<std::string> names;
  for (const auto& item : *array) {
    const auto* table = item.as_table();
    if (!table) return config_error_at(origin, item, "each [[apps]] entry must be a table");
    auto app = read_entry(*table, item, origin);
    if (!app) return app.error();
    if (!names.insert(app->name).second) return config_error_at(origin, item, "two [[apps]] are named '" + app->name + "'");
    apps.push_back(std::move(*app));
  }
  return apps;
}

}  // namespace kiln
