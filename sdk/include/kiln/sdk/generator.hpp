#pragma once
// Generator: turns a detected project into a BuildPlan.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "kiln/sdk/detector.hpp"
#include "kiln/sdk/plan.hpp"
#include "kiln/sdk/source.hpp"

namespace kiln::sdk {

// What the user asked for (kiln.toml, command line) that a buildpack may need
// while generating. Overrides of commands, images, packages, env and port are
// applied by the core after generate(), so buildpacks need not handle them.
struct GenerateOptions {
  std::optional<std::string> dockerfile;   // path of the Dockerfile to build
  std::optional<std::string> target;       // Dockerfile stage
  std::optional<std::string> service;      // compose: build only this service
  std::map<std::string, std::string> build_args;
  nlohmann::json extra = nlohmann::json::object();  // [buildpack_options] table of kiln.toml, as is
};

inline void to_json(nlohmann::json& j, const GenerateOptions& o) {
  auto text = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  j = {{"dockerfile", text(o.dockerfile)}, {"target", text(o.target)}, {"service", text(o.service)},
       {"build_args", o.build_args}, {"extra", o.extra}};
}
inline void from_json(const nlohmann::json& j, GenerateOptions& o) {
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  o.dockerfile = text("dockerfile");
  o.target = text("target");
  o.service = text("service");
  if (auto it = j.find("build_args"); it != j.end() && it->is_object())
    for (auto arg = it->begin(); arg != it->end(); ++arg)
      if (arg->is_string()) o.build_args[arg.key()] = arg->get<std::string>();
  if (auto it = j.find("extra"); it != j.end() && it->is_object()) o.extra = *it;
}

class Generator {
 public:
  virtual ~Generator() = default;
  virtual BuildPlan generate(const SourceTree& tree, const Detection& detection,
                             const GenerateOptions& options) const = 0;
};

// A buildpack is a detector and a generator for one kind of project.
class Buildpack : public Detector, public Generator {};

// Thrown by a buildpack whose project is recognisably broken (say, a
// package.json that is not JSON); the message reaches the user as written.
struct BuildpackError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace kiln::sdk
