#pragma once
// Generator: turns a detected project into a BuildPlan.
#include <map>
#include <optional>
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
