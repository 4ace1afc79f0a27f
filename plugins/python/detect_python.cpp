#include "detect_python.hpp"

#include <array>
#include <cctype>

#include <kiln/sdk/generator.hpp>
#include <kiln/sdk/procfile.hpp>
#include <kiln/support/toml_file.hpp>

#include "app_object.hpp"
#include "django_project.hpp"
#include "native_packages.hpp"
#include "python_facts.hpp"
#include "python_project.hpp"
#include "python_version.hpp"

namespace kiln::python {
namespace {

// bot.py and worker.py: programs that are no web server (chat bots, queue workers).
constexpr std::array<const char*, 8> kEntryFiles = {"manage.py", "main.py", "app.py", "wsgi.py",
                                                    "server.py", "run.py",  "bot.py", "worker.py"};

// The files Streamlit Community Cloud and the streamlit templates start, in
// that order; one counts only if it imports streamlit.
constexpr std::array<const char*, 4> kStreamlitScripts = {"streamlit_app.py", "app.py", "main.py", "Home.py"};

std::optional<std::string> streamlit_script(const sdk::SourceTree& tree) {
  constexpr std::size_t kMaxScriptBytes = 256 * 1024;
  for (auto file : kStreamlitScripts)
    if (auto text = tree.read(file, kMaxScriptBytes))
      if (text->find("import streamlit") != std::string::npos || text->find("from streamlit") != std::string::npos)
        return file;
  return std::nullopt;
}

std::optional<std::string> framework_of(const sdk::SourceTree& tree, const PythonProject* project) {
  bool has_manage = tree.exists("manage.py");
  if (project) {
    if (project->depends_on("django") && has_manage) return "django";
    // A dashboard that also lists fastapi or flask (to call an API) is still started by streamlit.
    if (project->depends_on("streamlit") && streamlit_script(tree)) return "streamlit";
    if (project->depends_on("fastapi")) return "fastapi";
    if (project->depends_on("flask")) return "flask";
    if (project->depends_on("django")) return "django";
    return std::nullopt;
  }
  // No manifest: manage.py is Django's own file, nothing else is that sure.
  if (has_manage) return "django";
  return std::nullopt;
}

bool provides_uvicorn(const PythonProject& project) {
  if (project.depends_on("uvicorn")) return true;
  auto it = project.dependencies.find("fastapi");
  return it != project.dependencies.end() && (it->second.count("standard") || it->second.count("all"));
}

// [tool.flit.module] name, else [project] name as an import name: "my-app" -> "my_app".
std::optional<ProjectPackage> project_package(const PythonProject* project) {
  if (!project || !project->pyproject) return std::nullopt;
  const auto* name = support::json_at(*project->pyproject, {"tool", "flit", "module", "name"});
  if (!name || !name->is_string()) name = support::json_at(*project->pyproject, {"project", "name"});
  if (!name || !name->is_string()) return std::nullopt;
  std::string module = name->get<std::string>().substr(0, 100);
  for (auto& c : module) c = (c == '-' || c == '.') ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ProjectPackage{module, project->install_needs_source};
}

void add_evidence(sdk::Detection& detection, const std::string& file) {
  for (const auto& e : detection.evidence)
    if (e == file) return;
  detection.evidence.push_back(file);
}

sdk::Detection broken_manifest(const sdk::SourceTree& tree, const std::string& message) {
  sdk::Detection detection;
  detection.pass = true;
  detection.score = 50;
  detection.language = "python";
  for (auto file : {"pyproject.toml", "Pipfile"})
    if (tree.exists(file)) detection.evidence.emplace_back(file);
  PythonFacts facts;
  facts.error = message;
  detection.facts = facts;
  return detection;
}

}  // namespace

sdk::Detection detect_python(const sdk::SourceTree& tree) {
  std::optional<PythonProject> project;
  try {
    project = read_python_project(tree);
  } catch (const sdk::BuildpackError& error) {
    return broken_manifest(tree, error.what());
  }

  sdk::Detection detection;
  detection.language = "python";
  PythonFacts facts;
  if (project) {
    detection.score = 70;
    detection.evidence = project->evidence;
    facts.package_manager = project->package_manager;
    facts.install_inputs = project->install_inputs;
    facts.install_needs_source = project->install_needs_source;
    facts.locked = project->locked;
    facts.all_workspace_members = project->all_workspace_members;
    facts.local_sources = project->local_sources;
  } else {
    for (auto file : kEntryFiles)
      if (tree.exists(file)) {
        detection.score = 40;
        detection.evidence.emplace_back(file);
        break;
      }
    if (detection.evidence.empty()) return sdk::Detection::no();
  }
  detection.pass = true;
  const PythonProject* manifests = project ? &*project : nullptr;

  facts.framework = framework_of(tree, manifests);
  if (facts.framework && project) detection.score += 5;

  bool entry_certain = false;
  if (auto process = sdk::procfile_start_process(tree)) {
    facts.procfile_web = process->command;
    facts.procfile_worker = !process->web();
    add_evidence(detection, "Procfile");
    entry_certain = true;
  }
  if (facts.framework == "django") {
    if (auto django = find_django_project(tree)) {
      facts.django_wsgi = django->wsgi_module;
      facts.collect_static = django_collects_static(tree, *django);
      add_evidence(detection, django->evidence);
      entry_certain = true;
    }
  } else if (facts.framework == "streamlit") {
    facts.script = streamlit_script(tree);
    add_evidence(detection, *facts.script);
    entry_certain = true;
  } else if (facts.framework == "flask" || facts.framework == "fastapi") {
    bool flask = facts.framework == "flask";
    if (auto app = find_app_object(tree, flask ? "Flask" : "FastAPI", /*allow_factory=*/flask, project_package(manifests))) {
      facts.app_target = app->target();
      add_evidence(detection, app->file);
      entry_certain = true;
    }
  }
  if (entry_certain && project) detection.score += 5;

  // Streamlit is its own server, and a dependency the app lists already.
  if (!facts.procfile_web && facts.framework && facts.framework != "streamlit") {
    bool uvicorn = facts.framework == "fastapi";
    bool listed = project && (uvicorn ? provides_uvicorn(*project) : project->depends_on("gunicorn"));
    if (!listed) facts.servers_to_add.emplace_back(uvicorn ? "uvicorn" : "gunicorn");
  }
  if (!facts.procfile_web && !facts.framework)
    for (auto file : kEntryFiles)
      if (std::string_view(file) != "manage.py" && tree.exists(file)) {
        facts.script = file;
        add_evidence(detection, file);
        break;
      }

  if (auto version = find_python_version(tree, manifests)) {
    facts.python_version = version->value;
    facts.python_version_source = version->source;
  }
  if (project) {
    auto native = native_packages(*project);
    facts.build_packages = native.build;
    facts.run_packages = native.run;
  }
  detection.framework = facts.framework;
  // Bare entry files get a venv from pip, but no package manager was named.
  if (project) detection.package_manager = facts.package_manager;
  detection.facts = facts;
  return detection;
}

}  // namespace kiln::python
