// kiln.static: a folder of HTML served as it is, by darkhttpd on the static stack;
// the folder a Staticfile or static.json names; a single-page app (by spa-httpd)
// when one of them or the repository's nginx config or _redirects says so; or
// a site that MkDocs or Hugo generates in a build stage.
#include <array>
#include <optional>
#include <string_view>

#include <kiln/sdk/plugin.hpp>
#include <kiln/support/relative_path.hpp>
#include <kiln/support/static_site_server.hpp>

#include "server_config.hpp"
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

// A folder served as it is. `folder` is a normalized relative path or "" (the
// root): only such text reaches the start command.
struct Site {
  std::string folder;
  bool spa = false;
  int score = kScore;
  std::vector<std::string> evidence;
};

// The folder a Staticfile or static.json names, else the first of kSiteFolders with an index.html.
std::optional<Site> find_site(const sdk::SourceTree& tree) {
  std::optional<Site> site;
  if (auto staticfile = read_staticfile(tree)) {
    site = Site{staticfile->root, staticfile->pushstate, kStaticfileScore, {"Staticfile"}};
  } else if (auto config = read_static_json(tree)) {
    site = Site{config->root.value_or(""), config->spa, kStaticfileScore, {config->file}};
  } else {
    for (auto folder : kSiteFolders) {
      auto index = index_of(folder);
      if (!tree.exists(index) || tree.is_dir(index)) continue;
      site = Site{std::string(folder), false, tree.exists("package.json") ? kScoreBesidePackageJson : kScore, {index}};
      break;
    }
  }
  if (!site) return std::nullopt;
  if (site->folder == ".") site->folder.clear();
  // The repository's own server config may say it is a single-page app (nginx try_files, Netlify _redirects).
  if (!site->spa)
    if (auto fallback = spa_fallback_config(tree, site->folder)) {
      site->spa = true;
      site->evidence.push_back(fallback->file);
    }
  return site;
}

}  // namespace

class StaticBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    if (auto generator = detect_site_generator(tree)) {
      auto d = passed(kGeneratorScore, {generator->config_file}, {{"generator", generator->name}, {"config", generator->config_file}});
      d.framework = generator->name;
      return d;
    }
    auto site = find_site(tree);
    if (!site) return sdk::Detection::no();
    return passed(site->score, site->evidence, {{"site_folder", site->folder}, {"spa", site->spa}});
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection&, const sdk::GenerateOptions&) const override {
    sdk::BuildPlan plan;
    plan.buildpack = "kiln.static";
    plan.language = "static";
    plan.port = support::kStaticPort;
    if (auto generator = detect_site_generator(tree)) {
      plan.framework = generator->name;
      std::string site;
      plan_site_build(tree, *generator, plan, site);
      plan.run_image = support::static_site_runtime(false);
      plan.artifacts = {sdk::Artifact{site, std::string(support::kStaticServedDir)}};
      plan.start = support::static_site_start(support::kStaticServedDir);
      return plan;
    }
    auto site = find_site(tree);
    if (!site) throw sdk::BuildpackError("kiln.static: no Staticfile, static.json, or index.html at the root or in public/, www/, _site/ or htdocs/");
    // The base stack only gathers the files (and trusts a CA bundle if asked
    // to); the run image gets the folder and a web server, nothing else.
    plan.build_image = sdk::BaseImage::of_runtime("base");
    plan.run_image = support::static_site_runtime(site->spa);
    plan.artifacts = {sdk::Artifact{"/app", "/app"}};
    plan.start = support::static_site_start(served(site->folder), site->spa);
    return plan;
  }
};

}  // namespace kiln::static_site

KILN_BUILDPACK(kiln::static_site::StaticBuildpack)
