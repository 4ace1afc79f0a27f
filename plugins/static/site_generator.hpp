#pragma once
// Static site generators that are not Node packages: the build stage runs the
// generator, and only the site it writes reaches the static run image.
#include <optional>
#include <string>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

namespace kiln::static_site {

struct SiteGenerator {
  std::string name;         // mkdocs, hugo
  std::string config_file;  // the evidence
};

// MkDocs (mkdocs.yml) or Hugo (hugo.toml, or config.toml beside content/ or layouts/).
std::optional<SiteGenerator> detect_site_generator(const sdk::SourceTree& tree);

// The build stage of the plan: image, phases, and the folder the site is written to.
void plan_site_build(const sdk::SourceTree& tree, const SiteGenerator& generator, sdk::BuildPlan& plan,
                     std::string& site_folder);

}  // namespace kiln::static_site
