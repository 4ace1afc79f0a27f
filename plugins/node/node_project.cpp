#include "node_project.hpp"

#include <kiln/sdk/procfile.hpp>

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
  if (project.workspace_root) return "package.json is a workspace root with no start script: point kiln at the app's folder";
  return "package.json has no start script, and there is no Procfile, \"main\" file or index.js/server.js/app.js";
}

NodeProject analyse_node_project(const sdk::SourceTree& tree, const support::PackageJson& package) {
  NodeProject project;
  project.package_manager = support::choose_node_package_manager(tree, package);
  project.framework = support::detect_node_framework(tree, package);
  project.has_build_script = package.script("build").has_value();
  for (auto script : kInstallLifecycleScripts)
    if (package.script(script)) project.install_lifecycle_scripts.emplace_back(script);
  // Lifecycle scripts such as `nuxt prepare` or `patch-package` read the source.
  if (project.install_lifecycle_scripts.empty())
    project.install_inputs = support::install_inputs(tree, project.package_manager);
  project.node_version = support::requested_node_version(tree, package);
  project.workspace_root = package.declares_workspaces();
  if (!project.emits_static_site()) {
    project.start = procfile_start(tree);
    if (!project.start) project.start = support::infer_node_start(tree, package, project.package_manager, project.framework);
  }

  project.evidence.push_back("package.json");
  if (project.package_manager.lockfile) project.evidence.push_back(*project.package_manager.lockfile);
  if (project.framework && project.framework->config_file) project.evidence.push_back(*project.framework->config_file);
  if (project.start && project.start->file) project.evidence.push_back(*project.start->file);
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
  facts.at("evidence").get_to(p.evidence);
  facts.at("notes").get_to(p.notes);
  return p;
}

}  // namespace kiln::node
