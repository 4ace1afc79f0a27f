#include "detect_rust.hpp"

#include <kiln/sdk/generator.hpp>
#include <kiln/support/toml_file.hpp>

#include "cargo_workspace.hpp"
#include "rust_framework.hpp"

namespace kiln::rust {
namespace {

// rust-toolchain.toml's channel, or the legacy one-line rust-toolchain file.
std::optional<std::string> toolchain_channel(const sdk::SourceTree& tree) {
  try {
    if (auto doc = support::read_toml_file(tree, "rust-toolchain.toml"))
      if (auto* channel = support::json_at(*doc, {"toolchain", "channel"}); channel && channel->is_string())
        return channel->get<std::string>().substr(0, 64);
  } catch (const sdk::BuildpackError&) {
    // Only informative; a broken toolchain file is for rustup to report.
  }
  if (auto text = tree.read("rust-toolchain", 256)) {
    auto line = text->substr(0, text->find('\n'));
    if (!line.empty() && line.find('[') == std::string::npos) return line.substr(0, 64);
  }
  return std::nullopt;
}

}  // namespace

sdk::Detection detect_rust(const sdk::SourceTree& tree) {
  if (!tree.exists("Cargo.toml")) return sdk::Detection::no();
  sdk::Detection detection;
  detection.pass = true;
  detection.language = "rust";
  detection.package_manager = "cargo";
  detection.evidence.emplace_back("Cargo.toml");
  detection.score = 40;
  auto& facts = detection.facts;

  std::optional<CargoProject> project;
  try {
    project = read_cargo_project(tree);
  } catch (const sdk::BuildpackError& error) {
    facts["error"] = error.what();
    return detection;
  }
  if (!project) return sdk::Detection::no();
  bool locked = tree.exists("Cargo.lock");
  if (locked) detection.evidence.emplace_back("Cargo.lock");
  facts["locked"] = locked;
  facts["manifests"] = project->manifests;
  std::vector<std::string> stubs;
  for (const auto& package : project->packages)
    stubs.insert(stubs.end(), package.required_target_files.begin(), package.required_target_files.end());
  facts["stubs"] = stubs;
  if (auto channel = toolchain_channel(tree)) facts["toolchain"] = *channel;

  if (!project->chosen) {
    facts["error"] = "Cargo.toml declares no binary (no src/main.rs, src/bin/ or [[bin]]) in the package or its "
                     "workspace members: nothing to run";
    return detection;
  }
  const auto& package = project->packages[*project->chosen];
  detection.score = 80;
  detection.framework = rust_framework(package.dependencies);
  if (package.dir != ".") detection.evidence.push_back(package.dir + "/Cargo.toml");
  facts["package"] = package.name;
  facts["package_dir"] = package.dir;
  facts["binary"] = project->binary;
  facts["workspace"] = project->manifests.size() > 1;
  if (package.rust_version) facts["rust_version"] = *package.rust_version;
  if (!project->other_binaries.empty()) facts["other_binaries"] = project->other_binaries;
  return detection;
}

}  // namespace kiln::rust
