#include "fetch_phase.hpp"

#include <algorithm>
#include <set>

namespace kiln::rust {
namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += " " + word;
  return out;
}

std::string parent(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// Folders that hold stubs and are not the parent of another such folder:
// removing these with `rmdir -p` removes every folder the phase created.
std::vector<std::string> leaf_dirs(const std::vector<std::string>& stubs) {
  std::set<std::string> dirs;
  for (const auto& stub : stubs)
    if (auto dir = parent(stub); !dir.empty()) dirs.insert(dir);
  std::vector<std::string> leaves;
  for (const auto& dir : dirs) {
    bool has_child = std::any_of(dirs.begin(), dirs.end(), [&](const std::string& other) {
      return other.size() > dir.size() && other.starts_with(dir + "/");
    });
    if (!has_child) leaves.push_back(dir);
  }
  return leaves;
}

}  // namespace

sdk::Phase fetch_phase(const std::vector<std::string>& manifests, bool locked, const std::vector<std::string>& stubs) {
  sdk::Phase phase;
  phase.name = "fetch";
  phase.inputs = manifests;
  if (locked) phase.inputs.emplace_back("Cargo.lock");
  auto dirs = leaf_dirs(stubs);
  std::vector<std::string> steps;
  if (!dirs.empty()) steps.push_back("mkdir -p" + join(dirs));
  if (!stubs.empty()) steps.push_back("touch" + join(stubs));
  steps.emplace_back(locked ? "cargo fetch --locked" : "cargo fetch");
  if (!stubs.empty()) steps.push_back("rm -f" + join(stubs));
  // Folders that also hold a Cargo.toml are not empty and stay; the rest go.
  if (!dirs.empty()) steps.push_back("rmdir -p --ignore-fail-on-non-empty" + join(dirs));
  // One command, so the placeholders never exist in any layer of their own.
  std::string command;
  for (const auto& step : steps) command += (command.empty() ? "" : " && ") + step;
  phase.commands.push_back(command);
  return phase;
}

}  // namespace kiln::rust
