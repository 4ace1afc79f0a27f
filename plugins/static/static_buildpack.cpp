// kiln.static: a folder of HTML served as it is, by darkhttpd on the static stack.
#include <array>
#include <string_view>

#include <kiln/sdk/plugin.hpp>
#include <kiln/support/static_site_server.hpp>

namespace kiln::static_site {
namespace {

// Where plain sites keep their pages, most common first: the repository root,
// public/ (many hosts' convention), www/, and _site/ (a committed Jekyll build).
constexpr std::array<std::string_view, 5> kSiteFolders{"", "public", "www", "_site", "htdocs"};

// A plain index.html is a weak signal (a Vite app has one at its root too), and
// weaker still next to a package.json, whose build the node buildpack owns.
constexpr int kScore = 40;
constexpr int kScoreBesidePackageJson = 20;

std::string index_of(std::string_view folder) {
  return folder.empty() ? "index.html" : std::string(folder) + "/index.html";
}

}  // namespace

class StaticBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    for (auto folder : kSiteFolders) {
      auto index = index_of(folder);
      if (!tree.exists(index) || tree.is_dir(index)) continue;
      sdk::Detection d;
      d.pass = true;
      d.score = tree.exists("package.json") ? kScoreBesidePackageJson : kScore;
      d.language = "static";
      d.evidence = {index};
      d.facts = {{"site_folder", std::string(folder)}};
      return d;
    }
    return sdk::Detection::no();
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions&) const override {
    sdk::BuildPlan plan;
    plan.buildpack = "kiln.static";
    plan.language = "static";
    plan.build_image = plan.run_image = sdk::BaseImage::of_runtime(std::string(support::kStaticRuntime));
    // One stage: the source is copied to the workdir and served from there.
    plan.start = support::static_site_start(served_dir(tree, detection));
    plan.port = support::kStaticPort;
    return plan;
  }

 private:
  // Only a folder from kSiteFolders reaches the start command, never text from the tree.
  static std::string served_dir(const sdk::SourceTree& tree, const sdk::Detection& detection) {
    auto it = detection.facts.find("site_folder");
    for (auto folder : kSiteFolders) {
      bool chosen = it != detection.facts.end() ? (it->is_string() && *it == folder) : tree.exists(index_of(folder));
      if (chosen) return folder.empty() ? "/app" : "/app/" + std::string(folder);
    }
    throw sdk::BuildpackError("kiln.static: no index.html at the root or in public/, www/, _site/ or htdocs/");
  }
};

}  // namespace kiln::static_site

KILN_BUILDPACK(kiln::static_site::StaticBuildpack)
