#include "python_project.hpp"

#include <kiln/support/toml_file.hpp>

#include "requirements_txt.hpp"

namespace kiln::python {
namespace {

void add(PythonProject& project, const Requirement& requirement) {
  project.dependencies[requirement.name].insert(requirement.extras.begin(), requirement.extras.end());
}

// PEP 621 [project].dependencies: a list of PEP 508 strings.
void add_pep621(PythonProject& project, const nlohmann::json& pyproject) {
  auto* list = support::json_at(pyproject, {"project", "dependencies"});
  if (!list || !list->is_array()) return;
  for (const auto& item : *list)
    if (item.is_string())
      if (auto requirement = parse_requirement(item.get_ref<const std::string&>())) add(project, *requirement);
}

// Poetry and Pipfile tables: name = "version" or name = {version, extras}.
void add_table(PythonProject& project, const nlohmann::json* table) {
  if (!table || !table->is_object()) return;
  for (const auto& [name, spec] : table->items()) {
    auto normalized = normalize_name(name);
    if (normalized == "python" || normalized.empty()) continue;
    auto& extras = project.dependencies[normalized];
    if (auto it = spec.find("extras"); spec.is_object() && it != spec.end() && it->is_array())
      for (const auto& extra : *it)
        if (extra.is_string()) extras.insert(normalize_name(extra.get_ref<const std::string&>()));
  }
}

// A dependency from the app's own folders: { path = "libs/shared" } (Poetry,
// uv) or { workspace = true } (uv). Installing it needs the whole source.
bool local_source(const nlohmann::json* table) {
  if (!table || !table->is_object()) return false;
  for (const auto& [name, spec] : table->items())
    if (spec.is_object() && (spec.contains("path") || spec.value("workspace", false))) return true;
  return false;
}

// A uv workspace's members ("packages/*"): their dependencies are the app's too.
void add_workspace_members(PythonProject& project, const sdk::SourceTree& tree, const nlohmann::json& members) {
  constexpr std::size_t kMaxMembers = 64;
  std::size_t read = 0;
  for (const auto& pattern : members) {
    if (!pattern.is_string()) continue;
    for (const auto& manifest : tree.glob(pattern.get<std::string>() + "/pyproject.toml")) {
      if (++read > kMaxMembers) return;
      if (auto member = support::read_toml_file(tree, manifest)) {
        add_pep621(project, *member);
        project.evidence.push_back(manifest);
      }
    }
  }
}

void add_input(PythonProject& project, const sdk::SourceTree& tree, const std::string& path) {
  if (tree.exists(path)) {
    project.install_inputs.push_back(path);
    project.evidence.push_back(path);
  }
}

}  // namespace

std::optional<PythonProject> read_python_project(const sdk::SourceTree& tree) {
  PythonProject project;
  project.pyproject = support::read_toml_file(tree, "pyproject.toml");
  project.pipfile = support::read_toml_file(tree, "Pipfile");
  const auto* pyproject = project.pyproject ? &*project.pyproject : nullptr;
  bool pep621 = pyproject && support::json_at(*pyproject, {"project"});
  bool poetry_table = pyproject && support::json_at(*pyproject, {"tool", "poetry"});
  bool uv_table = pyproject && support::json_at(*pyproject, {"tool", "uv"});
  bool has_requirements = tree.exists("requirements.txt");

  // The lockfile names the tool that wrote it; a [tool.x] table without one is the next best sign.
  if (tree.exists("uv.lock") || (uv_table && !tree.exists("poetry.lock"))) {
    project.package_manager = "uv";
    add_input(project, tree, "pyproject.toml");
    add_input(project, tree, "uv.lock");
    project.locked = tree.exists("uv.lock");
  } else if (tree.exists("poetry.lock") || poetry_table) {
    project.package_manager = "poetry";
    add_input(project, tree, "pyproject.toml");
    add_input(project, tree, "poetry.lock");
    project.locked = tree.exists("poetry.lock");
  } else if (project.pipfile) {
    project.package_manager = "pipenv";
    add_input(project, tree, "Pipfile");
    add_input(project, tree, "Pipfile.lock");
    project.locked = tree.exists("Pipfile.lock");
  } else if (has_requirements) {
    project.package_manager = "pip";
    auto requirements = read_requirements(tree, "requirements.txt");
    for (const auto& file : requirements.files) add_input(project, tree, file);
    for (const auto& requirement : requirements.requirements) add(project, requirement);
    project.install_needs_source = requirements.needs_source;
  } else if (pep621 || tree.exists("setup.py") || tree.exists("setup.cfg")) {
    // No list of dependencies apart from the package itself: pip installs the folder.
    project.package_manager = "pip";
    project.install_needs_source = true;
    for (auto file : {"pyproject.toml", "setup.py", "setup.cfg"})
      if (tree.exists(file)) project.evidence.emplace_back(file);
  } else {
    return std::nullopt;
  }

  // Every manifest present tells us about frameworks, whichever tool installs.
  if (pyproject) {
    add_pep621(project, *pyproject);
    auto* poetry_dependencies = support::json_at(*pyproject, {"tool", "poetry", "dependencies"});
    add_table(project, poetry_dependencies);
    if (local_source(poetry_dependencies) || local_source(support::json_at(*pyproject, {"tool", "uv", "sources"}))) {
      project.install_needs_source = true;
      project.local_sources = true;
    }
    if (auto* workspace = support::json_at(*pyproject, {"tool", "uv", "workspace"})) {
      project.install_needs_source = true;
      // A virtual root (no [project]) is only the members: uv syncs them all.
      project.all_workspace_members = !pep621;
      if (auto* members = support::json_at(*workspace, {"members"}); members && members->is_array())
        add_workspace_members(project, tree, *members);
    }
  }
  if (project.pipfile) add_table(project, support::json_at(*project.pipfile, {"packages"}));
  if (has_requirements && project.package_manager != "pip")
    for (const auto& requirement : read_requirements(tree, "requirements.txt").requirements) add(project, requirement);
  return project;
}

}  // namespace kiln::python
