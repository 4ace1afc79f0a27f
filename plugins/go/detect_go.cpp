#include "detect_go.hpp"

#include <kiln/support/relative_path.hpp>

#include "go_framework.hpp"
#include "go_module.hpp"
#include "main_package.hpp"

namespace kiln::go {

sdk::Detection detect_go(const sdk::SourceTree& tree) {
  auto text = tree.read("go.mod");
  if (!text) return sdk::Detection::no();
  sdk::Detection detection;
  detection.pass = true;
  detection.language = "go";
  detection.package_manager = "go-mod";
  detection.evidence.emplace_back("go.mod");
  auto module = parse_go_mod(*text);
  if (!module) {
    detection.score = 40;
    detection.facts["error"] = "go.mod has no module directive";
    return detection;
  }
  auto& facts = detection.facts;
  facts["module"] = module->path;
  if (module->go_version) facts["go_version"] = *module->go_version;
  if (module->toolchain) facts["toolchain"] = *module->toolchain;
  facts["has_requires"] = !module->required.empty();
  facts["vendored"] = tree.exists("vendor/modules.txt");

  // The download layer needs go.mod, go.sum, and the go.mod of every folder a
  // replace directive points at; a folder outside the app means the source first.
  std::vector<std::string> inputs{"go.mod"};
  if (tree.exists("go.sum")) inputs.emplace_back("go.sum");
  bool needs_source = false;
  for (const auto& folder : module->local_replacements) {
    auto file = support::normalize_relative_path(folder + "/go.mod");
    if (file && tree.exists(*file)) inputs.push_back(*file);
    else needs_source = true;
  }
  facts["download_inputs"] = inputs;
  facts["download_needs_source"] = needs_source;
  if (tree.exists("go.sum")) detection.evidence.emplace_back("go.sum");

  detection.framework = go_framework(module->required);
  if (auto main = find_main_package(tree, module->path)) {
    detection.score = 80;
    detection.evidence.push_back(main->file);
    facts["main_package"] = main->package;
    if (!main->others.empty()) facts["other_main_packages"] = main->others;
  } else {
    detection.score = 40;
    facts["error"] = "go.mod found, but no main package at the root or under cmd/<name>/: nothing to run";
  }
  return detection;
}

}  // namespace kiln::go
