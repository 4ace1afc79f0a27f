#include "detect_go.hpp"

#include <algorithm>

#include <kiln/support/relative_path.hpp>

#include "go_framework.hpp"
#include "go_module.hpp"
#include "main_package.hpp"

namespace kiln::go {
namespace {

constexpr std::size_t kMaxWorkspaceModules = 32;

// One module of the app: the root's go.mod, or a folder a go.work uses.
struct ModuleFolder {
  std::string dir;  // "" for the root
  GoModule module;
};

std::string in_dir(const std::string& dir, const std::string& file) { return dir.empty() ? file : dir + "/" + file; }

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// The download layer needs every go.mod and go.sum of the build list and
// the go.mod of every folder a replace directive points at; a folder outside
// the app means the whole source first.
void add_download_inputs(const sdk::SourceTree& tree, const ModuleFolder& folder, std::vector<std::string>& inputs,
                         bool& needs_source) {
  add_unique(inputs, in_dir(folder.dir, "go.mod"));
  if (tree.exists(in_dir(folder.dir, "go.sum"))) add_unique(inputs, in_dir(folder.dir, "go.sum"));
  for (const auto& replacement : folder.module.local_replacements) {
    auto file = support::normalize_relative_path(in_dir(folder.dir, replacement + "/go.mod"));
    if (file && tree.exists(*file)) add_unique(inputs, *file);
    else needs_source = true;
  }
}

std::string listed(const std::vector<MainPackage>& found) {
  std::string text;
  for (const auto& main : found) text += (text.empty() ? "" : ", ") + main.package;
  return text;
}

// What every way of finding Go code shares: the main package and the facts about it.
void choose_main(sdk::Detection& detection, const std::vector<MainPackage>& found, const std::string& module_path,
                 const std::string& where) {
  auto& facts = detection.facts;
  std::vector<std::string> packages;
  for (const auto& main : found) packages.push_back(main.package);
  facts["main_packages"] = packages;
  if (found.empty()) {
    detection.score = 40;
    facts["main_error"] = where + " found, but no main package at the root or under cmd/<name>/: nothing to run";
    return;
  }
  detection.score = 80;
  if (auto main = choose_main_package(found, module_path)) {
    detection.evidence.push_back(main->file);
    facts["main_package"] = main->package;
    return;
  }
  // Plainly a Go program, only which one is open: kiln.toml's go_main decides (see plan_go).
  facts["main_error"] = where + " has several main packages (" + listed(found) +
                   ") and none is named like the module or a server: choose one with go_main = \"" +
                   found.front().package + "\" under [buildpack_options] in kiln.toml";
}

sdk::Detection go_detection() {
  sdk::Detection detection;
  detection.pass = true;
  detection.language = "go";
  detection.package_manager = "go-mod";
  return detection;
}

void put_versions(nlohmann::json& facts, const std::optional<std::string>& go, const std::optional<std::string>& toolchain) {
  if (go) facts["go_version"] = *go;
  if (toolchain) facts["toolchain"] = *toolchain;
}

void put_modules(const sdk::SourceTree& tree, sdk::Detection& detection, const std::vector<ModuleFolder>& modules,
                 std::vector<std::string> inputs) {
  auto& facts = detection.facts;
  bool needs_source = false;
  bool any_requires = false;
  std::vector<std::string> required;
  for (const auto& folder : modules) {
    add_download_inputs(tree, folder, inputs, needs_source);
    any_requires = any_requires || !folder.module.required.empty();
    required.insert(required.end(), folder.module.required.begin(), folder.module.required.end());
  }
  facts["has_requires"] = any_requires;
  facts["download_inputs"] = inputs;
  facts["download_needs_source"] = needs_source;
  detection.framework = go_framework(required);
}

sdk::Detection detect_module(const sdk::SourceTree& tree, const std::string& text) {
  auto detection = go_detection();
  detection.evidence.emplace_back("go.mod");
  auto module = parse_go_mod(text);
  if (!module) {
    detection.score = 40;
    detection.facts["error"] = "go.mod has no module directive";
    return detection;
  }
  auto& facts = detection.facts;
  facts["module"] = module->path;
  put_versions(facts, module->go_version, module->toolchain);
  facts["vendored"] = tree.exists("vendor/modules.txt");
  if (tree.exists("go.sum")) detection.evidence.emplace_back("go.sum");
  put_modules(tree, detection, {{"", *module}}, {});
  choose_main(detection, main_packages_in(tree, ""), module->path, "go.mod");
  return detection;
}

// go.work: the modules it uses are built together from the root, where the go
// command finds go.work by itself.
sdk::Detection detect_workspace(const sdk::SourceTree& tree, const std::string& text) {
  auto detection = go_detection();
  detection.evidence.emplace_back("go.work");
  auto workspace = parse_go_work(text);
  if (!workspace) {
    detection.score = 40;
    detection.facts["error"] = "go.work uses no module folder";
    return detection;
  }
  auto& facts = detection.facts;
  facts["workspace"] = true;
  put_versions(facts, workspace->go_version, workspace->toolchain);
  facts["vendored"] = tree.exists("vendor/modules.txt");
  std::vector<ModuleFolder> modules;
  std::vector<MainPackage> found;
  std::optional<std::string> mains_owner;  // the module path of the mains, "" when several modules have some
  for (const auto& use : workspace->uses) {
    if (modules.size() >= kMaxWorkspaceModules) break;
    auto dir = support::normalize_relative_path(use);
    if (!dir) {  // "../lib": outside the app, so not part of what kiln can build
      facts["error"] = "go.work uses '" + use.substr(0, 128) + "', which is not a folder inside the app";
      return detection;
    }
    auto folder = *dir == "." ? std::string() : *dir;
    auto go_mod = tree.read(in_dir(folder, "go.mod"));
    auto module = go_mod ? parse_go_mod(*go_mod) : std::nullopt;
    if (!module) {
      detection.score = 40;
      facts["error"] = "go.work uses '" + *dir + "', which has no go.mod with a module directive";
      return detection;
    }
    auto mains = main_packages_in(tree, folder);
    if (!mains.empty()) mains_owner = found.empty() ? module->path : std::string();
    found.insert(found.end(), mains.begin(), mains.end());
    modules.push_back({folder, *module});
  }
  std::vector<std::string> inputs{"go.work"};
  if (tree.exists("go.work.sum")) inputs.emplace_back("go.work.sum");
  put_modules(tree, detection, modules, inputs);
  // The mains all in one module: its path names them, as a lone module's would.
  choose_main(detection, found, mains_owner.value_or(""), "go.work");
  return detection;
}

// main.go with no go.mod: a program from before modules, or from a tutorial.
// The build makes it a module of its own.
sdk::Detection detect_loose_main(const sdk::SourceTree& tree) {
  auto found = main_packages_in(tree, "");
  if (found.empty() || found.front().package != ".") return sdk::Detection::no();
  auto detection = go_detection();
  detection.package_manager.reset();
  detection.facts["no_module"] = true;
  detection.facts["has_requires"] = false;
  choose_main(detection, found, "", "main.go");
  detection.score = 50;  // one .go file is a weaker sign than a manifest
  return detection;
}

}  // namespace

sdk::Detection detect_go(const sdk::SourceTree& tree) {
  if (auto work = tree.read("go.work")) return detect_workspace(tree, *work);
  if (auto mod = tree.read("go.mod")) return detect_module(tree, *mod);
  return detect_loose_main(tree);
}

}  // namespace kiln::go
