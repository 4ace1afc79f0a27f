#include "core/closest_buildpacks.hpp"

#include <algorithm>

namespace kiln {
namespace {

// Sub-folders worth a look: not hidden, not a dependency or build folder.
std::vector<std::string> subfolders(const LocalSourceTree& tree) {
  constexpr std::size_t kMostFolders = 64;  // a repository root, not a walk of it
  std::vector<std::string> folders;
  for (const auto& name : tree.list()) {
    if (folders.size() == kMostFolders) break;
    const auto folder = name.ends_with('/') ? name.substr(0, name.size() - 1) : name;
    if (folder.empty() || folder[0] == '.' || folder == "node_modules" || folder == "vendor" || folder == "target") continue;
    if (tree.is_dir(folder)) folders.push_back(folder);
  }
  std::sort(folders.begin(), folders.end());
  return folders;
}

}  // namespace

std::vector<NearMiss> closest_buildpacks(const LocalSourceTree& tree, const std::vector<Verdict>& verdicts,
                                         std::size_t most) {
  std::vector<NearMiss> one_folder_down, declined;
  const auto folders = subfolders(tree);
  for (const auto& verdict : verdicts) {
    if (verdict.outcome == Verdict::Outcome::Declined) {
      declined.push_back({{verdict.buildpack}, "", "", verdict.evidence});
      continue;
    }
    if (verdict.outcome != Verdict::Outcome::NotAsked) continue;
    [&] {
      for (const auto& file : verdict.looks_for)
        for (const auto& folder : folders)
          if (tree.exists(folder + "/" + file)) {
            // Several buildpacks looking for the same file there make one line.
            auto same = std::find_if(one_folder_down.begin(), one_folder_down.end(),
                                     [&](const NearMiss& m) { return m.file == file && m.subfolder == folder; });
            if (same != one_folder_down.end()) same->buildpacks.push_back(verdict.buildpack);
            else one_folder_down.push_back({{verdict.buildpack}, file, folder, {}});
            return;
          }
    }();
  }
  std::vector<NearMiss> closest = std::move(one_folder_down);
  closest.insert(closest.end(), declined.begin(), declined.end());
  if (closest.size() > most) closest.resize(most);
  return closest;
}

std::string describe(const NearMiss& miss) {
  std::string who;
  for (const auto& b : miss.buildpacks) who += (who.empty() ? "" : ", ") + b;
  if (!miss.subfolder.empty())
    return who + ": " + miss.file + " is in " + miss.subfolder + "/, not here: build that folder, or set context = \"" +
           miss.subfolder + "\" in kiln.toml";
  std::string saw;
  for (const auto& e : miss.saw) saw += (saw.empty() ? "" : ", ") + e;
  return who + ": looked at the app and declined" + (saw.empty() ? "" : " (saw " + saw + ")");
}

}  // namespace kiln
