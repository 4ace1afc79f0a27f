// kiln.dockerfile: the repository ships its own Dockerfile at the root, so it
// is built as it is; kiln only reads it to report the start command and port.
#include <kiln/sdk/plugin.hpp>
#include <kiln/support/build_args.hpp>
#include <kiln/support/dockerfile_stages.hpp>
#include <kiln/support/relative_path.hpp>

namespace {

using namespace kiln;

// Slightly above what the instruction reader accepts, so an oversized file gets its clear message.
constexpr std::size_t kReadCap = 512 * 1024 + 1;

// Only the root counts: docs/Dockerfile.dev or .devcontainer/Dockerfile say
// nothing about how the app itself is built.
std::optional<std::string> root_dockerfile(const sdk::SourceTree& tree) {
  return tree.first_file({"Dockerfile", "dockerfile", "Containerfile", "containerfile"});
}

class DockerfileBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    auto path = root_dockerfile(tree);
    if (!path) return sdk::Detection::no();
    sdk::Detection d;
    d.pass = true;
    d.score = 95;
    d.language = "dockerfile";
    d.evidence = {*path};
    d.facts = {{"dockerfile", *path}};
    return d;
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions& options) const override {
    auto path = dockerfile_path(tree, detection, options);
    auto text = tree.read(path, kReadCap);
    if (!text) throw sdk::BuildpackError("Dockerfile '" + path + "' is not a readable file in the app folder");
    auto stages = support::read_dockerfile_stages(*text, path);
    const auto target = sdk::text_option(options, "target");
    const auto& stage = support::select_stage(stages, target, path);
    support::check_build_args(options.build_args, "build_args");

    sdk::BuildPlan plan;
    plan.buildpack = "kiln.dockerfile";
    plan.language = "dockerfile";
    sdk::DockerfileBuild build;
    build.path = path;
    build.context = ".";
    if (target) build.target = stage.name;
    build.build_args = options.build_args;
    plan.dockerfile = build;
    plan.start = stage.start;
    plan.port = stage.port;
    return plan;
  }

 private:
  // The user's choice first; then what detection found; then a fresh look,
  // for a plan asked for without detection.
  static std::string dockerfile_path(const sdk::SourceTree& tree, const sdk::Detection& detection,
                                     const sdk::GenerateOptions& options) {
    if (auto chosen = sdk::text_option(options, "dockerfile")) return support::require_relative_path(*chosen, "dockerfile option");
    if (auto it = detection.facts.find("dockerfile"); it != detection.facts.end() && it->is_string())
      return support::require_relative_path(it->get<std::string>(), "dockerfile");
    if (auto path = root_dockerfile(tree)) return *path;
    throw sdk::BuildpackError("no Dockerfile at the root of the app folder (looked for Dockerfile, Containerfile)");
  }
};

}  // namespace

KILN_BUILDPACK(DockerfileBuildpack)
