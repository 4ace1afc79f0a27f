#include "cargo_workspace.hpp"

#include <algorithm>

#include <kiln/support/relative_path.hpp>

namespace kiln::rust {
namespace {

constexpr std::size_t kMaxMembers = 64;

// "crates/*" -> every crates/<x>/ holding a Cargo.toml; "api" -> api.
std::vector<std::string> member_dirs(const sdk::SourceTree& tree, const std::vector<std::string>& patterns) {
  std::vector<std::string> dirs;
  for (const auto& pattern : patterns) {
    if (pattern.find("**") != std::string::npos) continue;  // deep patterns would walk the tree
    std::vector<std::string> found;
    if (pattern.find_first_of("*?") != std::string::npos) {
      for (const auto& manifest : tree.glob(pattern + "/Cargo.toml"))
        found.push_back(manifest.substr(0, manifest.size() - std::string("/Cargo.toml").size()));
    } else {
      found.push_back(pattern);
    }
    for (const auto& dir : found) {
      auto normalized = support::normalize_relative_path(dir);
      if (!normalized || *normalized == "." || std::find(dirs.begin(), dirs.end(), *normalized) != dirs.end()) continue;
      if (dirs.size() >= kMaxMembers) return dirs;
      dirs.push_back(*normalized);
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::string binary_of(const CargoPackage& package) {
  if (package.default_run && std::find(package.binaries.begin(), package.binaries.end(), *package.default_run) !=
                                 package.binaries.end())
    return *package.default_run;
  if (std::find(package.binaries.begin(), package.binaries.end(), package.name) != package.binaries.end())
    return package.name;
  return package.binaries.front();
}

std::optional<std::size_t> choose_package(const CargoProject& project, const std::vector<std::string>& default_members) {
  std::vector<std::size_t> runnable;
  for (std::size_t i = 0; i < project.packages.size(); ++i)
    if (!project.packages[i].binaries.empty() && valid_cargo_name(project.packages[i].name)) runnable.push_back(i);
  if (runnable.empty()) return std::nullopt;
  // The root package, when there is one, comes first in `packages`.
  if (project.packages.front().dir == "." && runnable.front() == 0) return 0;
  for (auto i : runnable)
    for (const auto& member : default_members)
      if (support::normalize_relative_path(member) == project.packages[i].dir) return i;
  return runnable.front();
}

}  // namespace

std::optional<CargoProject> read_cargo_project(const sdk::SourceTree& tree) {
  auto root = read_cargo_manifest(tree, ".");
  if (!root) return std::nullopt;
  CargoProject project;
  project.manifests.emplace_back("Cargo.toml");
  if (root->package) project.packages.push_back(*root->package);
  for (const auto& dir : member_dirs(tree, root->members)) {
    auto member = read_cargo_manifest(tree, dir);
    if (!member) continue;
    project.manifests.push_back(dir + "/Cargo.toml");
    if (member->package) project.packages.push_back(*member->package);
  }
  project.chosen = choose_package(project, root->default_members);
  if (!project.chosen) return project;
  const auto& chosen = project.packages[*project.chosen];
  project.binary = binary_of(chosen);
  for (const auto& package : project.packages)
    for (const auto& binary : package.binaries)
      if (&package != &chosen || binary != project.binary) project.other_binaries.push_back(package.name + "/" + binary);
  return project;
}

}  // namespace kiln::rust
