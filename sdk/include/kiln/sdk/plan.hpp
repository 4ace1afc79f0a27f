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

// Where a version range came from ("package.json" line 7, "engines.node"), so
// a range no stack satisfies is reported where the user wrote it.
struct VersionPin {
  std::string file;   // relative to the app root
  int line = 0;       // 1-based; 0 when the file has no lines to speak of
  std::string field;  // what in the file: "engines.node", "requires-python"; may be empty
  // Written out: the SDK's headers are C++17 too.
  bool operator==(const VersionPin& o) const { return file == o.file && line == o.line && field == o.field; }
};

// What a stage starts from. A runtime ("node", "python", "base", ...) with an
// optional version range, which kiln resolves through its stack catalogue
// (stacks/catalogue.toml) to an image; or an image reference used as written.
// A string converts to an image reference; a string that names a runtime of
// the catalogue stands for that runtime's default.
struct BaseImage {
  std::string runtime;
  std::string version;                 // a range (kiln/sdk/semver.hpp); empty: the catalogue's default
  std::optional<VersionPin> pinned_by;  // with version: where it came from
  std::string image;                   // instead of runtime

  BaseImage() = default;
  BaseImage(std::string reference) : image(std::move(reference)) {}   // NOLINT: a string is an image reference
  BaseImage(const char* reference) : image(reference) {}             // NOLINT
  static BaseImage of_runtime(std::string name, std::string range = {}, std::optional<VersionPin> pin = {}) {
    BaseImage b;
    b.runtime = std::move(name);
    b.version = std::move(range);
    if (!b.version.empty()) b.pinned_by = std::move(pin);
    return b;
  }
  bool empty() const { return runtime.empty() && image.empty(); }
  bool operator==(const BaseImage& o) const {
    return runtime == o.runtime && version == o.version && pinned_by == o.pinned_by && image == o.image;
  }
};

struct BuildPlan {
  int version = kPlanVersion;
  std::string buildpack;
  std::string language;
  std::optional<std::string> framework;
  std::optional<std::string> package_manager;

  BaseImage build_image;
  BaseImage run_image;   // used when there are artifacts
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
inline void to_json(nlohmann::json& j, const VersionPin& v) {
  j = {{"file", v.file}, {"line", v.line}, {"field", v.field}};
}
inline void from_json(const nlohmann::json& j, VersionPin& v) {
  detail::get_to(j, "file", v.file);
  detail::get_to(j, "line", v.line);
  detail::get_to(j, "field", v.field);
}
// An image reference is a string; a runtime is an object.
inline void to_json(nlohmann::json& j, const BaseImage& b) {
  if (b.runtime.empty()) {
    j = b.image;
    return;
  }
  j = {{"runtime", b.runtime}};
  if (!b.version.empty()) j["version"] = b.version;
  if (b.pinned_by) j["pinned_by"] = *b.pinned_by;
}
inline void from_json(const nlohmann::json& j, BaseImage& b) {
  b = BaseImage{};
  if (j.is_string()) {
    b.image = j.get<std::string>();
    return;
  }
  if (!j.is_object()) throw nlohmann::json::type_error::create(302, "a base image is a string or an object", &j);
  detail::get_to(j, "runtime", b.runtime);
  detail::get_to(j, "version", b.version);
  detail::get_opt(j, "pinned_by", b.pinned_by);
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
