#include "kiln/support/node_angular_workspace.hpp"

#include "kiln/support/relative_path.hpp"

namespace kiln::support {
namespace {

// The application builders (Angular 17+) write browser files to <outputPath>/browser;
// the older webpack "browser" builder writes them to <outputPath> itself.
bool writes_browser_subfolder(const std::string& builder) {
  return builder.ends_with(":application") || builder == "@angular/build:application";
}

const nlohmann::json* chosen_project(const nlohmann::json& workspace) {
  auto projects = workspace.find("projects");
  if (projects == workspace.end() || !projects->is_object() || projects->empty()) return nullptr;
  for (auto it = projects->begin(); it != projects->end(); ++it)
    if (it->is_object() && it->value("projectType", "") == "application") return &*it;
  return nullptr;
}

}  // namespace

std::optional<AngularBuildOutput> angular_build_output(const sdk::SourceTree& tree) {
  auto workspace = tree.json("angular.json");
  if (!workspace || !workspace->is_object()) return std::nullopt;
  const auto* project = chosen_project(*workspace);
  if (!project) return std::nullopt;
  auto build = project->find("architect");
  if (build == project->end() || !build->is_object() || !build->contains("build")) return std::nullopt;
  const auto& target = (*build)["build"];
  if (!target.is_object()) return std::nullopt;
  auto builder = target.value("builder", "");
  auto options = target.find("options");
  if (options == target.end() || !options->is_object()) return std::nullopt;
  auto output = options->find("outputPath");
  // outputPath is a string, or {"base": "dist/x", "browser": ""} to drop the sub-folder.
  std::optional<std::string> base, browser;
  if (output != options->end() && output->is_string()) {
    base = normalize_relative_path(output->get<std::string>());
    if (base) browser = writes_browser_subfolder(builder) ? *base + "/browser" : *base;
  } else if (output != options->end() && output->is_object() && output->contains("base") && (*output)["base"].is_string()) {
    base = normalize_relative_path((*output)["base"].get<std::string>());
    auto sub = output->value("browser", "browser");
    if (base) browser = sub.empty() ? base : (normalize_relative_path(sub) ? std::optional(*base + "/" + sub) : std::nullopt);
  }
  if (!base || !browser || *base == ".") return std::nullopt;
  return AngularBuildOutput{*base, *browser};
}

}  // namespace kiln::support
