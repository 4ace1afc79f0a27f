#include "node_project.hpp"

#include <kiln/sdk/generator.hpp>
#include <kiln/sdk/procfile.hpp>
#include <kiln/support/node_server_source.hpp>
#include <kiln/support/subfolder_tree.hpp>

namespace kiln::node {
namespace {

constexpr std::string_view kInstallLifecycleScripts[] = {"preinstall", "install",    "postinstall", "preprepare",
                                                         "prepare",    "postprepare", "prepublish"};

std::optional<support::NodeStart> procfile_start(const sdk::SourceTree& tree) {
  auto command = sdk::procfile_web_command(tree);
  if (!command) return std::nullopt;
  support::NodeStart start;
  start.command.shell = *command;
  start.decided_by = "Procfile";
  start.file = "Procfile";
  return start;
}

void add_notes(NodeProject& project, const support::PackageJson& package) {
  const auto& pm = project.package_manager;
  if (package.text("packageManager") && pm.decided_by != "packageManager")
    project.notes.push_back("package.json packageManager field is not <npm|yarn|pnpm|bun>@<version>; ignored");
  if (!pm.lockfile)
    project.notes.push_back("no " + pm.name + " lockfile in the app folder (a workspace member's lockfile at the "
                            "repository root is not visible here): dependencies are resolved at build time");
  if (!project.install_lifecycle_scripts.empty())
    project.notes.push_back("install lifecycle scripts may read the source, so dependencies install after the whole "
                            "source is copied");
  if (!project.runnable()) project.notes.push_back(unrunnable_reason(project));
}

}  // namespace

std::string unrunnable_reason(const NodeProject& project) {
  if (!project.other_members.empty()) {
    std::string list;
    for (const auto& dir : project.other_members) list += (list.empty() ? "" : ", ") + dir;
    return "package.json is a workspace root with several apps (" + list +
           "): name the one to build in kiln.toml, [buildpack_options] app = \"" + project.other_members.front() + "\"";
  }
  if (project.workspace_root) return "package.json is a workspace root with no start script and no app among its members: point kiln at the app's folder";
  return "package.json has no start script, and there is no Procfile, \"main\" file or index.js/server.js/app.js";
}

namespace {

// The port from the entry file's text, or no port at all for a worker; only
// for apps whose framework does not fix the port itself.
void read_entry_file(const sdk::SourceTree& tree, const support::PackageJson& package, NodeProject& project) {
  const bool library_only = !project.framework || project.framework->build_binary.empty();
  if (!project.start || (!library_only && project.framework->name != "nest")) return;
  auto entry = project.framework && project.framework->name == "nest" ? std::optional<std::string>("src/main.ts")
                                                                       : support::node_entry_file(tree, package, *project.start);
  auto text = entry ? tree.read(*entry) : std::nullopt;
  if (!text) return;
  if (auto port = support::node_listen_port(*text)) {
    project.port = *port;
    project.evidence.push_back(*entry + " listens on " + std::to_string(*port));
  } else if (!project.framework && support::is_node_worker(*text, package)) {
    project.port = std::nullopt;
    project.evidence.push_back(*entry + " opens no server");
  }
}

NodeProject analyse_app(const sdk::SourceTree& tree, const support::PackageJson& package,
                        const support::NodePackageManager& package_manager) {
  NodeProject project;
  project.package_manager = package_manager;
  project.framework = support::detect_node_framework(tree, package);
  project.has_build_script = package.script("build").has_value();
  for (auto script : kInstallLifecycleScripts)
    if (package.script(script)) project.install_lifecycle_scripts.emplace_back(script);
  // Lifecycle scripts such as `nuxt prepare` or `patch-package` read the source.
  if (project.install_lifecycle_scripts.empty())
    project.install_inputs = support::install_inputs(tree, project.package_manager);
  project.node_version = support::requested_node_version(tree, package);
  if (!project.emits_static_site()) {
    project.start = procfile_start(tree);
    if (!project.start) project.start = support::infer_node_start(tree, package, project.package_manager, project.framework);
  }
  if (project.framework) project.port = project.framework->port;

  project.evidence.push_back("package.json");
  if (project.package_manager.lockfile) project.evidence.push_back(*project.package_manager.lockfile);
  if (project.framework && project.framework->config_file) project.evidence.push_back(*project.framework->config_file);
  if (project.start && project.start->file) project.evidence.push_back(*project.start->file);
  read_entry_file(tree, package, project);
  return project;
}

// A member worth deploying: it says how it starts, or a framework builds it into a site or a server.
bool deployable(const sdk::SourceTree& folder, const NodeProject& member) {
  if (!member.runnable()) return false;
  // A package built by vite without an index.html is a library (vite's library mode), not a site.
  if (member.emits_static_site()) return member.framework->name != "vite" || folder.exists("index.html");
  const auto& by = member.start->decided_by;
  return by == "Procfile" || by.starts_with("scripts.") || (member.framework && by.starts_with(member.framework->name));
}

// The app among a workspace's members: the one the user named, else the only
// deployable one. Several and none named: none, and the message lists them.
NodeProject analyse_workspace(const sdk::SourceTree& tree, const support::PackageJson& root, NodeProject project,
                              const std::optional<std::string>& wanted) {
  std::vector<std::pair<WorkspaceMember, NodeProject>> apps;
  bool member_lifecycle_scripts = false;
  std::vector<std::string> manifests;
  for (const auto& member : workspace_members(tree, root)) {
    manifests.push_back(member.dir + "/package.json");
    support::SubfolderTree folder(tree, member.dir);
    std::optional<support::PackageJson> package;
    try {
      package = support::PackageJson::load(folder);
    } catch (const sdk::BuildpackError&) {
      continue;  // the package manager reports a broken member manifest, with more context
    }
    if (!package) continue;
    auto app = analyse_app(folder, *package, project.package_manager);
    member_lifecycle_scripts = member_lifecycle_scripts || !app.install_lifecycle_scripts.empty();
    if (wanted ? member.dir == *wanted : deployable(folder, app)) apps.emplace_back(member, std::move(app));
  }
  if (apps.size() > 1) {
    for (const auto& [member, app] : apps) project.other_members.push_back(member.dir);
    return project;
  }
  if (apps.empty()) return project;

  auto& [member, app] = apps.front();
  NodeProject chosen = std::move(app);
  chosen.workspace_root = true;
  chosen.member = member;
  chosen.turbo = tree.exists("turbo.json") && root.depends_on("turbo");
  // The install runs at the root, with every member's manifest (the lockfile covers them all).
  chosen.install_lifecycle_scripts = project.install_lifecycle_scripts;
  chosen.install_inputs.clear();
  if (chosen.install_lifecycle_scripts.empty() && !member_lifecycle_scripts) {
    chosen.install_inputs = project.install_inputs;
    chosen.install_inputs.insert(chosen.install_inputs.end(), manifests.begin(), manifests.end());
  } else if (chosen.install_lifecycle_scripts.empty()) {
    chosen.install_lifecycle_scripts = {"a member's lifecycle script"};
  }
  if (!chosen.node_version) chosen.node_version = project.node_version;
  std::vector<std::string> evidence = project.evidence;
  for (const auto& e : chosen.evidence)
    if (e != project.package_manager.lockfile) evidence.push_back(member.dir + "/" + e);
  chosen.evidence = std::move(evidence);
  return chosen;
}

}  // namespace

NodeProject analyse_node_project(const sdk::SourceTree& tree, const support::PackageJson& package,
                                 const std::optional<std::string>& member) {
  auto project = analyse_app(tree, package, support::choose_node_package_manager(tree, package));
  project.workspace_root = is_workspace_root(tree, package);
  // A workspace root that does not start anything itself: its app is one of the members.
  if (project.workspace_root && !(project.start && (project.start->decided_by == "scripts.start" ||
                                                    project.start->decided_by == "Procfile")))
    project = analyse_workspace(tree, package, std::move(project), member);
  add_notes(project, package);
  return project;
}

nlohmann::json to_facts(const NodeProject& p) {
  nlohmann::json start = nullptr;
  if (p.start) start = {{"command", p.start->command}, {"decided_by", p.start->decided_by}};
  nlohmann::json version = nullptr;
  if (p.node_version) version = {{"version", p.node_version->version}, {"source", p.node_version->source}};
  return {{"package_manager", p.package_manager},
          {"framework", p.framework ? nlohmann::json(*p.framework) : nlohmann::json(nullptr)},
          {"start", start},
          {"has_build_script", p.has_build_script},
          {"install_lifecycle_scripts", p.install_lifecycle_scripts},
          {"install_inputs", p.install_inputs},
          {"node_version", version},
          {"workspace_root", p.workspace_root},
          {"port", p.port ? nlohmann::json(*p.port) : nlohmann::json(nullptr)},
          {"member", p.member ? nlohmann::json{{"dir", p.member->dir}, {"name", p.member->name}} : nlohmann::json(nullptr)},
          {"turbo", p.turbo},
          {"other_members", p.other_members},
          {"evidence", p.evidence},
          {"notes", p.notes}};
}

NodeProject from_facts(const nlohmann::json& facts) {
  NodeProject p;
  facts.at("package_manager").get_to(p.package_manager);
  if (auto& f = facts.at("framework"); !f.is_null()) p.framework = f.get<support::NodeFramework>();
  if (auto& s = facts.at("start"); !s.is_null()) {
    p.start = support::NodeStart{};
    s.at("command").get_to(p.start->command);
    s.at("decided_by").get_to(p.start->decided_by);
  }
  facts.at("has_build_script").get_to(p.has_build_script);
  facts.at("install_lifecycle_scripts").get_to(p.install_lifecycle_scripts);
  facts.at("install_inputs").get_to(p.install_inputs);
  if (auto& v = facts.at("node_version"); !v.is_null())
    p.node_version = support::NodeVersionRequest{v.at("version").get<std::string>(), v.at("source").get<std::string>()};
  facts.at("workspace_root").get_to(p.workspace_root);
  if (auto& port = facts.at("port"); !port.is_null()) p.port = port.get<int>();
  else p.port = std::nullopt;
  if (auto& m = facts.at("member"); !m.is_null())
    p.member = WorkspaceMember{m.at("dir").get<std::string>(), m.at("name").get<std::string>()};
  facts.at("turbo").get_to(p.turbo);
  facts.at("other_members").get_to(p.other_members);
  facts.at("evidence").get_to(p.evidence);
  facts.at("notes").get_to(p.notes);
  return p;
}

}  // namespace kiln::node
