// kiln.node: Node.js apps (npm, yarn, pnpm, bun) and their frameworks.
#include <kiln/sdk/plugin.hpp>
#include <kiln/support/node_package_json.hpp>
#include <kiln/support/relative_path.hpp>

#include "node_plan.hpp"
#include "node_project.hpp"

namespace kiln::node {

class NodeBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    auto package = support::PackageJson::load(tree);
    if (!package) return sdk::Detection::no();
    auto project = analyse_node_project(tree, *package);

    sdk::Detection d;
    d.pass = true;
    d.score = score(project);
    d.language = project.language();
    if (project.framework) d.framework = project.framework->name;
    d.package_manager = project.package_manager.name;
    d.evidence = project.evidence;
    d.facts = to_facts(project);
    return d;
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions& options) const override {
    auto project = project_for(tree, detection);
    // A workspace with several apps: kiln.toml's [buildpack_options] app names the member to build.
    if (auto app = options.extra.find("app"); app != options.extra.end() && project.workspace_root) {
      auto dir = app->is_string() ? support::normalize_relative_path(app->get<std::string>()) : std::nullopt;
      if (!dir) throw sdk::BuildpackError("kiln.toml [buildpack_options] app must be a folder inside the workspace, e.g. \"apps/web\"");
      auto package = support::PackageJson::load(tree);
      if (!package) throw sdk::BuildpackError("the app has no package.json");
      project = analyse_node_project(tree, *package, dir);
      if (!project.member)
        throw sdk::BuildpackError("kiln.toml [buildpack_options] app = \"" + *dir + "\" is not a member of the workspace");
    }
    return make_node_plan(tree, project);
  }

 private:
  // A manifest is 70; a lockfile and a known framework each make it surer. A
  // package.json with nothing to start (tooling for a Python or Ruby app, a
  // workspace root) is only a fallback, so other buildpacks win.
  static int score(const NodeProject& project) {
    if (!project.runnable()) return 15;
    return 70 + (project.package_manager.lockfile ? 5 : 0) + (project.framework ? 10 : 0);
  }

  static NodeProject project_for(const sdk::SourceTree& tree, const sdk::Detection& detection) {
    try {
      return from_facts(detection.facts);
    } catch (const nlohmann::json::exception&) {
      // Facts from elsewhere (a saved report, another version): ask the tree again.
      auto package = support::PackageJson::load(tree);
      if (!package) throw sdk::BuildpackError("the app has no package.json");
      return analyse_node_project(tree, *package);
    }
  }
};

}  // namespace kiln::node

KILN_BUILDPACK(kiln::node::NodeBuildpack)
