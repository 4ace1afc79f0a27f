#include "kiln/support/node_package_manager.hpp"

#include <algorithm>
#include <array>


namespace kiln::support {
namespace {

struct Lockfile {
  std::string_view path;
  std::string_view manager;
};
// Non-npm lockfiles first: a stray package-lock.json left by someone running
// `npm install` in a yarn or pnpm project is common, the reverse is not.
constexpr std::array<Lockfile, 6> kLockfiles{{{"bun.lock", "bun"},
                                              {"bun.lockb", "bun"},
                                              {"pnpm-lock.yaml", "pnpm"},
                                              {"yarn.lock", "yarn"},
                                              {"npm-shrinkwrap.json", "npm"},
                                              {"package-lock.json", "npm"}}};

bool is_semver_text(std::string_view v) {
  if (v.empty() || v.size() > 64 || !std::isdigit(static_cast<unsigned char>(v.front()))) return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  });
}

int major_of(std::string_view version) {
  int major = 0;
  for (char c : version) {
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    major = major * 10 + (c - '0');
    if (major > 100000) break;
  }
  return major;
}

std::optional<std::string> lockfile_for(const sdk::SourceTree& tree, std::string_view manager) {
  for (const auto& lock : kLockfiles)
    if (lock.manager == manager && tree.exists(lock.path) && !tree.is_dir(lock.path)) return std::string(lock.path);
  return std::nullopt;
}

std::string manager_package(const NodePackageManager& pm) {
  // Yarn 2+ is published as @yarnpkg/cli-dist; the "yarn" package is classic.
  if (pm.name == "yarn" && pm.yarn_berry) return "@yarnpkg/cli-dist@" + pm.version.value_or("4");
  if (pm.name == "yarn") return "yarn@" + pm.version.value_or("1");
  if (pm.name == "pnpm") return "pnpm@" + pm.version.value_or("9");
  return pm.name + "@" + pm.version.value_or("1");
}

}  // namespace

void to_json(nlohmann::json& j, const NodePackageManager& pm) {
  j = {{"name", pm.name},
       {"version", pm.version ? nlohmann::json(*pm.version) : nlohmann::json(nullptr)},
       {"lockfile", pm.lockfile ? nlohmann::json(*pm.lockfile) : nlohmann::json(nullptr)},
       {"decided_by", pm.decided_by},
       {"yarn_berry", pm.yarn_berry}};
}

void from_json(const nlohmann::json& j, NodePackageManager& pm) {
  j.at("name").get_to(pm.name);
  if (auto& v = j.at("version"); !v.is_null()) pm.version = v.get<std::string>();
  if (auto& l = j.at("lockfile"); !l.is_null()) pm.lockfile = l.get<std::string>();
  j.at("decided_by").get_to(pm.decided_by);
  j.at("yarn_berry").get_to(pm.yarn_berry);
}

std::optional<PackageManagerField> parse_package_manager_field(std::string_view field) {
  auto at = field.find('@', 1);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view name = field.substr(0, at);
  std::string_view version = field.substr(at + 1);
  version = version.substr(0, version.find('+'));  // drop the "+sha512.<hash>" integrity suffix
  if (name != "npm" && name != "yarn" && name != "pnpm" && name != "bun") return std::nullopt;
  if (!is_semver_text(version)) return std::nullopt;
  return PackageManagerField{std::string(name), std::string(version)};
}

NodePackageManager choose_node_package_manager(const sdk::SourceTree& tree, const PackageJson& package) {
  NodePackageManager pm;
  std::optional<PackageManagerField> field;
  if (auto text = package.text("packageManager")) field = parse_package_manager_field(*text);
  if (field) {
    pm.name = field->name;
    pm.version = field->version;
    pm.decided_by = "packageManager";
    pm.lockfile = lockfile_for(tree, pm.name);
  } else {
    for (const auto& lock : kLockfiles) {
      if (tree.exists(lock.path) && !tree.is_dir(lock.path)) {
        pm.name = std::string(lock.manager);
        pm.lockfile = std::string(lock.path);
        pm.decided_by = pm.lockfile.value();
        break;
      }
    }
  }
  if (pm.name == "yarn")
    pm.yarn_berry = pm.version ? major_of(*pm.version) >= 2 : tree.exists(".yarnrc.yml");
  return pm;
}

std::vector<std::string> package_manager_setup_commands(const NodePackageManager& pm) {
  if (pm.name == "npm" && !pm.version) return {};
  return {"npm install -g " + manager_package(pm)};
}

std::string install_command(const NodePackageManager& pm) {
  const bool locked = pm.lockfile.has_value();
  if (pm.name == "yarn" && pm.yarn_berry) return locked ? "yarn install --immutable" : "yarn install";
  if (pm.name == "yarn")
    return locked ? "yarn install --frozen-lockfile --production=false" : "yarn install --production=false";
  if (pm.name == "pnpm") return locked ? "pnpm install --frozen-lockfile --prod=false" : "pnpm install --prod=false";
  if (pm.name == "bun") return locked ? "bun install --frozen-lockfile" : "bun install";
  return locked ? "npm ci --include=dev" : "npm install --include=dev";
}

std::optional<std::string> prune_dev_dependencies_command(const NodePackageManager& pm) {
  const bool locked = pm.lockfile.has_value();
  // Yarn 2+ needs a plugin (or version 4) to focus on production; bun has no prune.
  if (pm.name == "bun" || (pm.name == "yarn" && pm.yarn_berry)) return std::nullopt;
  // Yarn classic prunes by installing again for production, from its cache.
  if (pm.name == "yarn")
    return std::string("yarn install --production --ignore-scripts --prefer-offline") + (locked ? " --frozen-lockfile" : "");
  if (pm.name == "pnpm") return "pnpm prune --prod";
  return "npm prune --omit=dev";
}

std::vector<std::string> package_manager_in_usr_local_commands(const NodePackageManager& pm) {
  if (pm.name != "npm" || pm.version) return {};
  return {"npm install -g npm@$(npm --version)"};
}

std::string run_script_command(const NodePackageManager& pm, std::string_view script) {
  return pm.name + " run " + std::string(script);
}

std::vector<std::string> run_script_argv(const NodePackageManager& pm, std::string_view script) {
  // `bun start` would look for a start.ts file before the script; `bun run` is the script.
  if (script == "start" && pm.name != "bun") return {pm.name, "start"};
  return {pm.name, "run", std::string(script)};
}

std::vector<std::string> dependency_binary_argv(const NodePackageManager& pm, std::string_view binary) {
  if (pm.name == "yarn" && pm.yarn_berry) return {"yarn", std::string(binary)};
  return {"node_modules/.bin/" + std::string(binary)};
}

std::vector<std::string> node_file_argv(const NodePackageManager& pm, std::string_view file) {
  if (pm.name == "yarn" && pm.yarn_berry) return {"yarn", "node", std::string(file)};
  return {"node", std::string(file)};
}

std::vector<std::string> package_manager_cache_paths(const NodePackageManager& pm) {
  // Yarn 2+ keeps its cache in the project (see package_manager_env): nothing to mount.
  if (pm.name == "yarn" && pm.yarn_berry) return {};
  if (pm.name == "yarn") return {"/usr/local/share/.cache/yarn"};
  if (pm.name == "pnpm") return {"/root/.local/share/pnpm/store"};
  if (pm.name == "bun") return {"/root/.bun/install/cache"};
  return {"/root/.npm"};
}

std::map<std::string, std::string> package_manager_env(const NodePackageManager& pm) {
  if (pm.name != "yarn" || !pm.yarn_berry) return {};
  // Plug'n'Play loads packages straight from the cache's zip files at run time,
  // so they must live in the image under /app, not in root's home (unreadable
  // to the run user) or a build cache mount (absent from the image).
  return {{"YARN_ENABLE_GLOBAL_CACHE", "false"}, {"YARN_ENABLE_TELEMETRY", "0"}};
}

std::vector<std::string> install_inputs(const sdk::SourceTree& tree, const NodePackageManager& pm) {
  std::vector<std::string> inputs{"package.json"};
  if (pm.lockfile) inputs.push_back(*pm.lockfile);
  for (std::string_view config : {".npmrc", ".yarnrc", ".yarnrc.yml", "pnpm-workspace.yaml", ".pnpmfile.cjs", "bunfig.toml"})
    if (tree.exists(config) && !tree.is_dir(config)) inputs.emplace_back(config);
  // Files the managers read during install: yarn's checked-in release and
  // plugins, and patches applied to dependencies (pnpm, yarn, patch-package).
  for (std::string_view pattern : {".yarn/releases/*", ".yarn/plugins/**", ".yarn/patches/*", "patches/*"})
    for (auto& file : tree.glob(pattern))
      if (!tree.is_dir(file)) inputs.push_back(std::move(file));
  return inputs;
}

}  // namespace kiln::support
