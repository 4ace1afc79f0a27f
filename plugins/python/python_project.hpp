#pragma once
// What a Python project's manifests say: which installer it uses, what it
// depends on, and which files the dependency layer needs.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <kiln/sdk/source.hpp>

namespace kiln::python {

struct PythonProject {
  std::string package_manager;              // pip, poetry, pipenv, uv
  std::vector<std::string> install_inputs;  // manifests and lockfiles that exist
  bool install_needs_source = false;        // the install reads the app's own folder (pip install .)
  bool locked = false;                      // a lockfile pins the dependencies
  bool all_workspace_members = false;       // a virtual uv workspace root: install every member
  bool local_sources = false;               // path or workspace dependencies: folders of the app
  // Normalized distribution name -> requested extras, from every manifest present.
  std::map<std::string, std::set<std::string>> dependencies;
  std::vector<std::string> evidence;
  // Parsed manifests, kept for the version lookup.
  std::optional<nlohmann::json> pyproject;
  std::optional<nlohmann::json> pipfile;

  bool depends_on(const std::string& name) const { return dependencies.count(name) != 0; }
};

// nullopt when the folder has no Python manifest at all. A pyproject.toml that
// only configures tools (black, ruff) is not a manifest. Throws BuildpackError
// for a manifest that cannot be parsed.
std::optional<PythonProject> read_python_project(const sdk::SourceTree& tree);

}  // namespace kiln::python
