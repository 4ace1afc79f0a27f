// kiln.compose: the repository describes its services in a compose file; each
// service with a build: section is built from its own Dockerfile, as it is.
#include <algorithm>

#include <kiln/sdk/plugin.hpp>
#include <kiln/support/build_args.hpp>
#include <kiln/support/dockerfile_stages.hpp>
#include <kiln/support/relative_path.hpp>

#include "compose_file.hpp"

namespace {

using namespace kiln;
using compose::BuildableService;

constexpr std::size_t kDockerfileReadCap = 512 * 1024 + 1;

std::string names_of(const std::vector<BuildableService>& services) {
  std::string names;
  for (const auto& s : services) names += (names.empty() ? "" : ", ") + s.name;
  return names;
}

// The service the plan's start command and port describe: the one the user
// chose, else the first that publishes ports (meant to be reached), else the first.
const BuildableService& primary(const std::vector<const BuildableService*>& chosen) {
  auto published = std::find_if(chosen.begin(), chosen.end(), [](auto* s) { return s->publishes_ports; });
  return published != chosen.end() ? **published : *chosen.front();
}

class ComposeBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    auto path = compose::find_compose_file(tree);
    if (!path) return sdk::Detection::no();
    auto file = compose::read_compose_file(tree, *path);
    sdk::Detection d;
    d.language = "compose";
    d.evidence = {*path};
    nlohmann::json built = nlohmann::json::array();
    for (const auto& s : file.buildable) {
      d.evidence.push_back(s.dockerfile_in_app());
      built.push_back(s.name);
    }
    // Services that only run a published image are not built by kiln; say so.
    d.facts = {{"compose_file", *path},
               {"built_services", built},
               {"image_only_services", file.image_only},
               {"extends_services_not_followed", file.extends_only}};
    d.pass = !file.buildable.empty();
    d.score = file.buildable.size() >= 2 ? 97 : file.buildable.size() == 1 ? 85 : 0;
    return d;
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions& options) const override {
    auto path = compose::find_compose_file(tree);
    if (!path) throw sdk::BuildpackError("no compose file at the root of the app folder");
    auto file = compose::read_compose_file(tree, *path);
    if (file.buildable.empty())
      throw sdk::BuildpackError(*path + ": no service has a build: section, so there is nothing to build");

    auto chosen = choose(file, options);
    if (chosen.size() > 1 && (sdk::text_option(options, "target") || sdk::text_option(options, "dockerfile")))
      throw sdk::BuildpackError(*path + ": a target or dockerfile option applies to one service; choose it with the "
                                        "service option (" + names_of(file.buildable) + ")");
    support::check_build_args(options.build_args, "build_args");

    sdk::BuildPlan plan;
    plan.buildpack = "kiln.compose";
    plan.language = "compose";
    for (const auto* service : chosen) plan.services.push_back(build_of(tree, *service, options));
    const auto& primary_service = primary(chosen);
    plan.start = primary_service.command;
    auto primary_built = std::find_if(plan.services.begin(), plan.services.end(),
                                      [&](const auto& s) { return s.name == primary_service.name; });
    plan.port = primary_built->port;
    return plan;
  }

 private:
  static std::vector<const BuildableService*> choose(const compose::ComposeFile& file,
                                                     const sdk::GenerateOptions& options) {
    std::vector<const BuildableService*> chosen;
    const auto wanted = sdk::text_option(options, "service");
    if (!wanted) {
      for (const auto& s : file.buildable) chosen.push_back(&s);
      return chosen;
    }
    for (const auto& s : file.buildable)
      if (s.name == *wanted) return {&s};
    bool image_only = std::find(file.image_only.begin(), file.image_only.end(), *wanted) != file.image_only.end();
    throw sdk::BuildpackError(file.path + ": service '" + wanted->substr(0, 80) + "' " +
                              (image_only ? "only runs an image and has nothing to build" : "does not exist") +
                              "; services kiln can build: " + names_of(file.buildable));
  }

  // The service as the core builds it. Its Dockerfile is read to check the
  // target and, when the compose file names no port, to take the EXPOSEd one.
  static sdk::ComposeService build_of(const sdk::SourceTree& tree, const BuildableService& service,
                                      const sdk::GenerateOptions& options) {
    sdk::ComposeService out;
    out.name = service.name;
    out.build.context = service.context;
    const auto dockerfile_option = sdk::text_option(options, "dockerfile");
    out.build.path = dockerfile_option ? support::require_relative_path(*dockerfile_option, "dockerfile option")
                                       : service.dockerfile;
    auto dockerfile = support::join_relative_path(service.context, out.build.path);
    auto text = tree.read(dockerfile, kDockerfileReadCap);
    if (!text)
      throw sdk::BuildpackError("service " + service.name + ": Dockerfile " + dockerfile + " is not a readable file");
    auto stages = support::read_dockerfile_stages(*text, dockerfile);
    auto target = sdk::text_option(options, "target");
    if (!target) target = service.target;
    const auto& stage = support::select_stage(stages, target, dockerfile);
    if (target) out.build.target = stage.name;
    out.build.build_args = service.args;
    for (const auto& [name, value] : options.build_args) out.build.build_args[name] = value;
    out.port = service.port ? service.port : stage.port;
    return out;
  }
};

}  // namespace

KILN_BUILDPACK(ComposeBuildpack)
