// kiln.static: a folder of HTML served as it is, by darkhttpd on the static stack;
// a Staticfile's folder (a single-page app with `pushstate: enabled`); or a site
// that MkDocs or Hugo generates in a build stage.
#include <array>
#include <string_view>

#include <kiln/sdk/plugin.hpp>
#include <kiln/support/relative_path.hpp>
#include <kiln/support/static_site_server.hpp>

#include "site_generator.hpp"
#include "staticfile.hpp"

namespace kiln::static_site {
namespace {

// Where plain sites keep their pages, most common first: the repository root,
// public/ (many hosts' convention), www/, and _site/ (a committed Jekyll build).
constexpr std::array<std::string_view, 5> kSiteFolders{"", "public", "www", "_site", "htdocs"};

// A plain index.html is a weak signal (a Vite app has one at its root too), and
// weaker still next to a package.json, whose build the node buildpack owns. A
// Staticfile says "static" on purpose; a generator's config file says it louder
// than a requirements.txt that only installs the generator.
constexpr int kScore = 40;
constexpr int kScoreBesidePackageJson = 20;
constexpr int kStaticfileScore = 60;
constexpr int kGeneratorScore = 85;

std::string index_of(std::string_view folder) {
  return folder.empty() ? "index.html" : std::string(folder) + "/index.html";
}

sdk::Detection passed(int score, std::vector<std::string> evidence, nlohmann::json facts) {
  sdk::Detection d;
  d.pass = true;
  d.score = score;
  d.language = "static";
  d.evidence = std::move(evidence);
  d.facts = std::move(facts);
  return d;
}

std::string served(std::string_view folder) { return folder.empty() || folder == "." ? "/app" : "/app/" + std::string(folder); }

}  // namespace

class StaticBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    if (auto generator = detect_site_generator(tree)) {
      auto d = passed(kGeneratorScore, {generator->config_file}, {{"generator", generator->name}, {"config", generator->config_file}});
      d.framework = generator->name;
      return d;
    }
    if (auto staticfile = read_staticfile(tree))
      return passed(kStaticfileScore, {"Staticfile"}, {{"site_folder", staticfile->root}, {"spa", staticfile->pushstate}});
    for (auto folder : kSiteFolders) {
      auto index = index_of(folder);
      if (!tree.exists(index) || tree.is_dir(index)) continue;
      return passed(tree.exists("package.json") ? kScoreBesidePackageJson : kScore, {index}, {{"site_folder", std::string(folder)}});
    }
    return sdk::Detection::no();
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions&) const override {
    sdk::BuildPlan plan;
    plan.buildpack = "kiln.static";
    plan.language = "static";
    plan.run_image = support::kStaticStack;
    plan.port = support::kStaticPort;
    if (auto generator = detect_site_generator(tree)) {
      plan.framework = generator->name;
      std::string site;
      plan_site_build(tree, *generator, plan, site);
      plan.artifacts = {sdk::Artifact{site, std::string(support::kStaticServedDir)}};
      plan.start = support::static_site_start(support::kStaticServedDir);
      return plan;
    }
    // One stage: the source is copied to the workdir and served from there.
    plan.build_image = support::kStaticStack;
    if (auto staticfile = read_staticfile(tree)) {
      plan.start = support::static_site_start(served(staticfile->root), staticfile->pushstate);
      return plan;
    }
    plan.start = support::static_site_start(served_dir(tree, detection));
    return plan;
  }

 private:
  // Only a folder from kSiteFolders reaches the start command, never text from the tree.
  static std::string served_dir(const sdk::SourceTree& tree, const sdk::Detection& detection) {
    auto it = detection.facts.find("site_folder");
    for (auto folder : kSiteFolders) {
      bool chosen = it != detection.facts.end() ? (it->is_string() && *it == folder) : tree.exists(index_of(folder));
      if (chosen) return served(folder);
    }
    throw sdk::BuildpackError("kiln.static: no index.html at the root or in public/, www/, _site/ or htdocs/");
  }
};

}  // namespace kiln::static_site

KILN_BUILDPACK(kiln::static_site::StaticBuildpack)
