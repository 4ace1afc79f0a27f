#include "plan_go.hpp"

#include <kiln/sdk/generator.hpp>
#include <kiln/support/relative_path.hpp>

namespace kiln::go {
namespace {

constexpr const char* kBinary = "/app/server";
// The build cache lives where we say, so it can be named as a cache path.
constexpr const char* kBuildCache = "/root/.cache/go-build";

}  // namespace

sdk::BuildPlan plan_go(const nlohmann::json& facts, const std::optional<std::string>& chosen_main) {
  if (auto it = facts.find("error"); it != facts.end() && it->is_string())
    throw sdk::BuildpackError(it->get<std::string>());
  // The user's go_main settles which package, also where detection found none or several.
  if (auto it = facts.find("main_error"); !chosen_main && it != facts.end() && it->is_string())
    throw sdk::BuildpackError(it->get<std::string>());
  // Facts are ours, but they crossed a boundary as JSON: the package goes into
  // a shell command, so it is checked again.
  auto package = support::require_relative_path(chosen_main.value_or(facts.value("main_package", std::string("."))),
                                                chosen_main ? "go_main option" : "Go main package");

  sdk::BuildPlan plan;
  plan.buildpack = "kiln.go";
  plan.language = "go";
  bool no_module = facts.value("no_module", false);
  if (!no_module) plan.package_manager = "go-mod";
  plan.build_image = sdk::BaseImage::of_runtime("go");  // the version: go_runtime
  // cgo off: a static binary, which needs no C library, only CA certificates
  // and time zones.
  plan.run_image = sdk::BaseImage::of_runtime("minimal");
  plan.build_env = {{"CGO_ENABLED", "0"}, {"GOCACHE", kBuildCache}};

  bool vendored = facts.value("vendored", false);
  if (facts.value("has_requires", false) && !vendored) {
    sdk::Phase download{"download", {}, {"go mod download"}, {}};
    if (!facts.value("download_needs_source", false))
      download.inputs = facts.value("download_inputs", std::vector<std::string>{"go.mod"});
    plan.phases.push_back(std::move(download));
  }
  auto target = package == "." ? std::string(".") : "./" + package;
  std::vector<std::string> build;
  // No go.mod: the program becomes a module of its own, and tidy finds what it imports.
  if (no_module) build = {"go mod init app", "go mod tidy"};
  // -trimpath and -s -w: no build paths or symbols in a binary that ships.
  build.push_back("go build -trimpath -ldflags='-s -w' -o " + std::string(kBinary) + " " + target);
  plan.phases.push_back({"build", {}, build, {kBuildCache}});
  plan.artifacts.push_back({kBinary, kBinary});
  plan.start.argv = {kBinary};
  plan.port = 8080;
  return plan;
}

}  // namespace kiln::go
