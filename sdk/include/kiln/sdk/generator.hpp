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
// Everything particular to some buildpacks travels in `extra`: kiln.toml's
// [buildpack_options] table, plus its shorthand keys dockerfile, target and
// service (the dockerfile and compose buildpacks read those).
struct GenerateOptions {
  std::map<std::string, std::string> build_args;
  nlohmann::json extra = nlohmann::json::object();
};

inline void to_json(nlohmann::json& j, const GenerateOptions& o) { j = {{"build_args", o.build_args}, {"extra", o.extra}}; }
inline void from_json(const nlohmann::json& j, GenerateOptions& o) {
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

// A text option from `extra`, or nullopt when it is not set; any other type is the user's mistake.
inline std::optional<std::string> text_option(const GenerateOptions& options, const std::string& key) {
  auto it = options.extra.find(key);
  if (it == options.extra.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw BuildpackError("buildpack option '" + key + "' must be a string");
  return it->get<std::string>();
}

}  // namespace kiln::sdk
