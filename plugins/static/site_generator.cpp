#include "site_generator.hpp"

#include <kiln/sdk/plugin.hpp>

namespace kiln::static_site {
namespace {

// MkDocs is on PyPI: it runs from a venv on the python stack.
constexpr std::string_view kMkdocsVenv = "/opt/mkdocs";
// Hugo is in no registry this project installs from: the plan names Hugo's own image.
constexpr std::string_view kHugoImage = "ghcr.io/gohugoio/hugo:v0.139.0";

std::optional<std::string> mkdocs_config(const sdk::SourceTree& tree) { return tree.first_file({"mkdocs.yml", "mkdocs.yaml"}); }

// The theme packages MkDocs needs beside itself when there is no requirements file.
std::string mkdocs_packages(const sdk::SourceTree& tree, const std::string& config) {
  std::string packages = "mkdocs";
  auto text = tree.read(config);
  if (!text) return packages;
  // Tags such as !!python/name:... are YAML; a file that is not is MkDocs' to report at build time.
  auto document = sdk::yaml_to_json(*text);
  if (!document || !document->is_object() || !document->contains("theme")) return packages;
  const auto& theme = (*document)["theme"];
  const auto name = theme.is_object() ? theme.value("name", nlohmann::json()) : theme;
  if (name == "material") packages += " mkdocs-material";
  return packages;
}

void plan_mkdocs(const sdk::SourceTree& tree, const std::string& config, sdk::BuildPlan& plan, std::string& site) {
  const std::string venv(kMkdocsVenv);
  plan.build_image = "python";
  sdk::Phase install{"install", {}, {"python3 -m venv " + venv}, {"/root/.cache/pip"}};
  if (auto requirements = tree.first_file({"requirements.txt", "docs/requirements.txt"})) {
    install.inputs = {*requirements};
    install.commands.push_back(venv + "/bin/pip install -r " + *requirements);
  } else {
    install.commands.push_back(venv + "/bin/pip install " + mkdocs_packages(tree, config));
  }
  plan.phases.push_back(std::move(install));
  // --site-dir: the site lands where the plan copies it from, whatever site_dir says.
  site = "/app/.kiln-site";
  plan.phases.push_back({"build", {}, {venv + "/bin/mkdocs build --config-file " + config + " --site-dir " + site}, {}});
}

void plan_hugo(sdk::BuildPlan& plan, std::string& site) {
  plan.build_image = std::string(kHugoImage);
  site = "/app/public";
  plan.phases.push_back({"build", {}, {"hugo --minify --gc --destination " + site}, {"/tmp/hugo_cache"}});
}

}  // namespace

std::optional<SiteGenerator> detect_site_generator(const sdk::SourceTree& tree) {
  if (auto config = mkdocs_config(tree)) return SiteGenerator{"mkdocs", *config};
  if (auto config = tree.first_file({"hugo.toml", "hugo.yaml", "hugo.json"})) return SiteGenerator{"hugo", *config};
  // Before v0.110 Hugo's config was config.toml, which many other tools use too: only with Hugo's folders.
  if (auto config = tree.first_file({"config.toml", "config.yaml"}))
    if (tree.is_dir("content") && (tree.is_dir("layouts") || tree.is_dir("themes") || tree.is_dir("archetypes")))
      return SiteGenerator{"hugo", *config};
  return std::nullopt;
}

void plan_site_build(const sdk::SourceTree& tree, const SiteGenerator& generator, sdk::BuildPlan& plan,
                     std::string& site_folder) {
  if (generator.name == "mkdocs") plan_mkdocs(tree, generator.config_file, plan, site_folder);
  else plan_hugo(plan, site_folder);
}

}  // namespace kiln::static_site
