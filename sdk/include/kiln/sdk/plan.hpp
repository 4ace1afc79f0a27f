#pragma once
// BuildPlan: what a buildpack decided, as data. The core renders it into a
// Dockerfile; `kiln plan` prints it as JSON. Fields only ever grow.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiln::sdk {

inline constexpr int kPlanVersion = 1;

// One step of the build stage. A phase with inputs runs after only those files
// are copied (so a source-only change reuses its layer); a phase without inputs
// runs after the whole source is copied.
struct Phase {
  std::string name;                       // install, build, ...
  std::vector<std::string> inputs;        // files relative to the app root; missing ones are skipped
  std::vector<std::string> commands;      // shell commands, run in order
  std::vector<std::string> cache_paths;   // directories worth caching between builds
};

// Copies from the build stage into the run stage.
struct Artifact {
  std::string from;  // absolute path in the build stage, or relative to workdir
  std::string to;    // absolute path in the run image, or relative to workdir
};

// How the container starts: an argv, or one shell command line (for $PORT and friends).
struct StartCommand {
  std::vector<std::string> argv;
  std::string shell;
  bool empty() const { return argv.empty() && shell.empty(); }
};

// The repository's own Dockerfile, built as it is.
struct DockerfileBuild {
  std::string path = "Dockerfile";   // relative to context
  std::string context = ".";         // relative to the app root
  std::optional<std::string> target;
  std::map<std::string, std::string> build_args;
};

// One buildable service of a compose file.
struct ComposeService {
  std::string name;
  DockerfileBuild build;
  std::optional<int> port;
};

struct BuildPlan {
  int version = kPlanVersion;
  std::string buildpack;
  std::string language;
  std::optional<std::string> framework;
  std::optional<std::string> package_manager;

  // Stack names ("node", "python", "base", ...) resolved through the stack
  // table, or image references used as written.
  std::string build_image;
  std::string run_image;
  std::vector<std::string> build_packages;   // Debian packages for the build stage
  std::vector<std::string> run_packages;     // Debian packages for the run image
  std::map<std::string, std::string> env;        // build and run
  std::map<std::string, std::string> build_env;  // build stage only
  std::vector<Phase> phases;
  // Empty: one stage, the build stage is the run image. Otherwise two stages,
  // and only these paths reach the run image.
  std::vector<Artifact> artifacts;
  StartCommand start;
  std::optional<int> port;
  std::string workdir = "/app";

  // Set by the dockerfile and compose buildpacks: the repository says how to build itself.
  std::optional<DockerfileBuild> dockerfile;
  std::vector<ComposeService> services;
};

// ---- JSON -------------------------------------------------------------------
// Plans cross from Lua buildpacks and from files as JSON, so reading one is
// strict: wrong types are errors (nlohmann::json::type_error), unknown keys are ignored.

namespace detail {
template <class T>
void get_opt(const nlohmann::json& j, const char* key, std::optional<T>& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->get<T>();
}
template <class T>
void get_to(const nlohmann::json& j, const char* key, T& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) it->get_to(out);
}
template <class T>
void put_opt(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  j[key] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace detail

inline void to_json(nlohmann::json& j, const Phase& p) {
  j = {{"name", p.name}, {"inputs", p.inputs}, {"commands", p.commands}, {"cache_paths", p.cache_paths}};
}
inline void from_json(const nlohmann::json& j, Phase& p) {
  detail::get_to(j, "name", p.name);
  detail::get_to(j, "inputs", p.inputs);
  detail::get_to(j, "commands", p.commands);
  detail::get_to(j, "cache_paths", p.cache_paths);
}
inline void to_json(nlohmann::json& j, const Artifact& a) { j = {{"from", a.from}, {"to", a.to}}; }
inline void from_json(const nlohmann::json& j, Artifact& a) {
  detail::get_to(j, "from", a.from);
  detail::get_to(j, "to", a.to);
  if (a.to.empty()) a.to = a.from;
}
inline void to_json(nlohmann::json& j, const StartCommand& s) {
  if (!s.argv.empty()) j = {{"argv", s.argv}};
  else if (!s.shell.empty()) j = {{"shell", s.shell}};
  else j = nullptr;
}
inline void from_json(const nlohmann::json& j, StartCommand& s) {
  if (j.is_null()) return;
  if (j.is_string()) { s.shell = j.get<std::string>(); return; }
  if (j.is_array()) { s.argv = j.get<std::vector<std::string>>(); return; }
  detail::get_to(j, "argv", s.argv);
  detail::get_to(j, "shell", s.shell);
}
inline void to_json(nlohmann::json& j, const DockerfileBuild& d) {
  j = {{"path", d.path}, {"context", d.context}, {"build_args", d.build_args}};
  detail::put_opt(j, "target", d.target);
}
inline void from_json(const nlohmann::json& j, DockerfileBuild& d) {
  detail::get_to(j, "path", d.path);
  detail::get_to(j, "context", d.context);
  detail::get_opt(j, "target", d.target);
  detail::get_to(j, "build_args", d.build_args);
}
inline void to_json(nlohmann::json& j, const ComposeService& s) {
  j = {{"name", s.name}, {"build", s.build}};
  detail::put_opt(j, "port", s.port);
}
inline void from_json(const nlohmann::json& j, ComposeService& s) {
  detail::get_to(j, "name", s.name);
  detail::get_to(j, "build", s.build);
  detail::get_opt(j, "port", s.port);
}
inline void to_json(nlohmann::json& j, const BuildPlan& p) {
  j = nlohmann::json{{"version", p.version},
                     {"buildpack", p.buildpack},
                     {"language", p.language},
                     {"build_image", p.build_image},
                     {"run_image", p.run_image},
                     {"build_packages", p.build_packages},
                     {"run_packages", p.run_packages},
                     {"env", p.env},
                     {"build_env", p.build_env},
                     {"phases", p.phases},
                     {"artifacts", p.artifacts},
                     {"start", p.start},
                     {"workdir", p.workdir}};
  detail::put_opt(j, "framework", p.framework);
  detail::put_opt(j, "package_manager", p.package_manager);
  detail::put_opt(j, "port", p.port);
  j["dockerfile"] = p.dockerfile ? nlohmann::json(*p.dockerfile) : nlohmann::json(nullptr);
  j["services"] = p.services;
}
inline void from_json(const nlohmann::json& j, BuildPlan& p) {
  detail::get_to(j, "version", p.version);
  detail::get_to(j, "buildpack", p.buildpack);
  detail::get_to(j, "language", p.language);
  detail::get_opt(j, "framework", p.framework);
  detail::get_opt(j, "package_manager", p.package_manager);
  detail::get_to(j, "build_image", p.build_image);
  detail::get_to(j, "run_image", p.run_image);
  detail::get_to(j, "build_packages", p.build_packages);
  detail::get_to(j, "run_packages", p.run_packages);
  detail::get_to(j, "env", p.env);
  detail::get_to(j, "build_env", p.build_env);
  detail::get_to(j, "phases", p.phases);
  detail::get_to(j, "artifacts", p.artifacts);
  detail::get_to(j, "start", p.start);
  detail::get_opt(j, "port", p.port);
  detail::get_to(j, "workdir", p.workdir);
  detail::get_opt(j, "dockerfile", p.dockerfile);
  detail::get_to(j, "services", p.services);
}

}  // namespace kiln::sdk
