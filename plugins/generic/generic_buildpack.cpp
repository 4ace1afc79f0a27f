// kiln.generic: the fallback for an app no other buildpack knows, when it at
// least says how it starts - a Procfile web process or a start script - on the
// bare base stack.
#include <algorithm>

#include <kiln/sdk/plugin.hpp>
#include <kiln/support/aptfile.hpp>
#include <kiln/support/port_hint.hpp>
#include <kiln/sdk/procfile.hpp>

#include "interpreter_packages.hpp"
#include "start_script.hpp"

namespace {

using namespace kiln;

constexpr int kDefaultPort = 8080;

class GenericBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    sdk::Detection d;
    d.language = "other";
    auto has = [&](std::string_view f) { return tree.exists(f) && !tree.is_dir(f); };
    auto script = std::find_if(generic::kStartScriptPaths.begin(), generic::kStartScriptPaths.end(), has);

    auto web = has("Procfile") ? sdk::procfile_web_command(tree) : std::nullopt;
    if (web) {
      d.pass = true;
      d.score = 15;
      d.evidence = {"Procfile"};
      d.facts = {{"procfile_web", *web}};
    } else if (script != generic::kStartScriptPaths.end()) {
      d.pass = true;
      d.score = 10;
      d.evidence = {std::string(*script)};
      d.facts = {{"start_script", *script}};
    }
    if (d.pass && has("Aptfile")) d.evidence.push_back("Aptfile");
    return d;
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions& options) const override {
    sdk::BuildPlan plan;
    plan.buildpack = "kiln.generic";
    plan.language = "other";
    plan.build_image = plan.run_image = sdk::BaseImage::of_runtime("base");

    std::string port_source;  // the text that may name a port
    std::vector<std::string> packages = support::read_aptfile(tree);
    auto add_packages = [&](const std::vector<std::string>& more) {
      for (const auto& p : more)
        if (std::find(packages.begin(), packages.end(), p) == packages.end()) packages.push_back(p);
    };

    if (auto web = sdk::procfile_web_command(tree)) {
      plan.start.shell = *web;
      port_source = *web;
      add_packages(generic::interpreter_packages(*web));
    } else if (auto script = generic::read_start_script(tree)) {
      plan.start = generic::start_command(*script);
      port_source = script->text;
      add_packages(generic::interpreter_packages(script->shebang));
      // A checkout does not always keep the executable bit (zip uploads, some git settings).
      if (script->runs_directly) plan.phases.push_back({"build", {}, {"chmod +x ./" + script->path}, {}});
    } else {
      throw sdk::BuildpackError("nothing tells how this app starts: add a Procfile with a web process, or start.sh");
    }

    // One stage: the build stage is the run image. Installing there, before the
    // source is copied, keeps the package layer when only the source changes.
    plan.build_packages = packages;
    // Procfile commands and scripts conventionally listen on $PORT, which the core sets from the port.
    plan.port = support::port_hint(port_source).value_or(kDefaultPort);
    return plan;
  }
};

}  // namespace

KILN_BUILDPACK(GenericBuildpack)
