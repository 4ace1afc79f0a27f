#include "node_workspace.hpp"

#include <algorithm>

#include <kiln/sdk/generator.hpp>
#include <kiln/sdk/plugin.hpp>

#include <kiln/support/relative_path.hpp>

namespace kiln::node {
namespace {

constexpr std::size_t kMaxMembers = 64;

std::vector<std::string> pnpm_patterns(const sdk::SourceTree& tree) {
  auto text = tree.read("pnpm-workspace.yaml");
  if (!text) return {};
  std::vector<std::string> out;
  auto document = sdk::yaml_to_json(*text);
  if (!document || !document->is_object()) return {};  // a broken file is pnpm's to report, at install
  auto packages = document->find("packages");
  if (packages != document->end() && packages->is_array())
    for (const auto& p : *packages)
      if (p.is_string()) out.push_back(p.get<std::string>());
  return out;
}

std::string member_name(const sdk::SourceTree& tree, const std::string& dir) {
  auto slash = dir.rfind('/');
  std::string fallback = slash == std::string::npos ? dir : dir.substr(slash + 1);
  try {
    auto package = support::PackageJson::load(tree, dir + "/package.json");
    auto name = package ? package->text("name") : std::nullopt;
    // The name reaches shell commands (`--filter NAME`): only plain package names.
    if (name && !name->empty() && name->size() < 215 &&
        std::all_of(name->begin(), name->end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '@' || c == '/' || c == '.' || c == '_' || c == '-';
        }) && name->front() != '-')
      return *name;
  } catch (const sdk::BuildpackError&) {
  }
  return fallback;
}

}  // namespace

bool is_workspace_root(const sdk::SourceTree& tree, const support::PackageJson& package) {
  return package.declares_workspaces() || (tree.exists("pnpm-workspace.yaml") && !tree.is_dir("pnpm-workspace.yaml"));
}

std::vector<WorkspaceMember> workspace_members(const sdk::SourceTree& tree, const support::PackageJson& package) {
  auto patterns = package.workspace_patterns();
  if (patterns.empty()) patterns = pnpm_patterns(tree);
  std::vector<WorkspaceMember> members;
  for (const auto& pattern : patterns) {
    if (pattern.empty() || pattern.front() == '!') continue;  // exclusions only narrow what is listed
    std::string trimmed = pattern;
    while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
    for (const auto& manifest : tree.glob(trimmed + "/package.json")) {
      auto dir = support::normalize_relative_path(manifest.substr(0, manifest.size() - std::string("/package.json").size()));
      if (!dir || *dir == "." || manifest.find("node_modules/") != std::string::npos) continue;
      bool seen = std::any_of(members.begin(), members.end(), [&](const auto& m) { return m.dir == *dir; });
      if (!seen && members.size() < kMaxMembers) members.push_back({*dir, member_name(tree, *dir)});
    }
  }
  return members;
}

}  // namespace kiln::node
