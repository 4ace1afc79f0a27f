// An example buildpack for Deno apps. Copy this folder, rename, and change
// detect() and generate(). Only <kiln/sdk/...> headers are available to you.
#include <kiln/sdk/plugin.hpp>

namespace {

using namespace kiln::sdk;

class DenoBuildpack : public Buildpack {
 public:
  Detection detect(const SourceTree& tree) const override {
    auto config = tree.first_existing({"deno.json", "deno.jsonc"});
    if (!config) return Detection::no();
    Detection d;
    d.pass = true;
    d.score = 70;
    d.language = "deno";
    d.evidence = {*config};
    // Hand generate() what it needs, so it does not read the files again.
    auto entry = tree.first_existing({"main.ts", "server.ts", "src/main.ts"});
    d.facts["entry"] = entry.value_or("main.ts");
    return d;
  }

  BuildPlan generate(const SourceTree&, const Detection& detection, const GenerateOptions&) const override {
    BuildPlan plan;
    // A runtime of kiln's stack catalogue; BaseImage::of_runtime("deno", ">=2.1", pin) would
    // ask for versions. Users map it to another image in kiln.toml ([stacks] deno = "...").
    plan.build_image = plan.run_image = BaseImage::of_runtime("deno");
    auto entry = detection.facts.value("entry", "main.ts");
    plan.phases = {{"cache", {"deno.json", "deno.lock"}, {"deno install"}, {"/root/.cache/deno"}}};
    plan.start.argv = {"deno", "run", "--allow-net", "--allow-env", entry};
    plan.port = 8000;
    return plan;
  }
};

}  // namespace

KILN_BUILDPACK(DenoBuildpack)
