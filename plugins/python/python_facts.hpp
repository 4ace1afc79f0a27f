#pragma once
// What detect() learned, carried in Detection::facts so generate() does not look again.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiln::python {

struct PythonFacts {
  std::string package_manager = "pip";
  std::vector<std::string> install_inputs;
  bool install_needs_source = false;
  bool locked = false;
  bool all_workspace_members = false;          // uv sync --all-packages
  bool local_sources = false;                  // path dependencies: poetry exports them without hashes
  std::optional<std::string> framework;
  std::optional<std::string> python_version;
  std::optional<std::string> python_version_source;
  std::optional<std::string> app_target;       // "main:app" for gunicorn/uvicorn
  std::optional<std::string> django_wsgi;      // "mysite.wsgi"
  bool collect_static = false;
  std::optional<std::string> procfile_web;     // the Procfile's web command, used as written
  bool procfile_worker = false;                // ... of its only process, which is not "web": no port
  std::optional<std::string> script;           // "main.py" when nothing better is known; streamlit's script
  std::vector<std::string> servers_to_add;     // gunicorn/uvicorn the start needs but the manifests lack
  std::vector<std::string> build_packages;     // Debian packages native dependencies compile against
  std::vector<std::string> run_packages;
  std::optional<std::string> error;            // a manifest we recognised but could not read
};

inline void to_json(nlohmann::json& j, const PythonFacts& f) {
  j = {{"package_manager", f.package_manager}, {"install_inputs", f.install_inputs},
       {"install_needs_source", f.install_needs_source}, {"locked", f.locked},
       {"all_workspace_members", f.all_workspace_members}, {"local_sources", f.local_sources},
       {"collect_static", f.collect_static}, {"procfile_worker", f.procfile_worker}, {"servers_to_add", f.servers_to_add},
       {"build_packages", f.build_packages}, {"run_packages", f.run_packages}};
  auto put = [&](const char* key, const std::optional<std::string>& value) {
    if (value) j[key] = *value;
  };
  put("framework", f.framework);
  put("python_version", f.python_version);
  put("python_version_source", f.python_version_source);
  put("app_target", f.app_target);
  put("django_wsgi", f.django_wsgi);
  put("procfile_web", f.procfile_web);
  put("script", f.script);
  put("error", f.error);
}

inline void from_json(const nlohmann::json& j, PythonFacts& f) {
  auto get = [&](const char* key, std::optional<std::string>& out) {
    if (auto it = j.find(key); it != j.end() && it->is_string()) out = it->get<std::string>();
  };
  f.package_manager = j.value("package_manager", "pip");
  f.install_inputs = j.value("install_inputs", std::vector<std::string>{});
  f.install_needs_source = j.value("install_needs_source", false);
  f.locked = j.value("locked", false);
  f.all_workspace_members = j.value("all_workspace_members", false);
  f.local_sources = j.value("local_sources", false);
  f.collect_static = j.value("collect_static", false);
  f.procfile_worker = j.value("procfile_worker", false);
  f.servers_to_add = j.value("servers_to_add", std::vector<std::string>{});
  f.build_packages = j.value("build_packages", std::vector<std::string>{});
  f.run_packages = j.value("run_packages", std::vector<std::string>{});
  get("framework", f.framework);
  get("python_version", f.python_version);
  get("python_version_source", f.python_version_source);
  get("app_target", f.app_target);
  get("django_wsgi", f.django_wsgi);
  get("procfile_web", f.procfile_web);
  get("script", f.script);
  get("error", f.error);
}

}  // namespace kiln::python
