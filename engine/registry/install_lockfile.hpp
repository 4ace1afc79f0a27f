#pragma once
// kiln-buildpacks.lock, in the plugin dir: what `kiln buildpacks install`
// put there, so the same install can be made again (`--locked` refuses to
// move off it) and so kiln knows which registry each buildpack came from.
//   {"lockfile": 1, "buildpacks": [{"id": "com.acme.deno", "version": "1.2.3",
//     "range": "^1.2", "sha256": "…", "registry": "acme"}]}
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiln::registry {

inline constexpr const char* kLockfileName = "kiln-buildpacks.lock";

struct LockedBuildpack {
  std::string id;
  std::string version;
  std::string range;  // what was asked for; `update` resolves it again
  std::string sha256;
  std::string registry;
};

struct Lockfile {
  std::vector<LockedBuildpack> buildpacks;
  const LockedBuildpack* find(const std::string& id) const;
  void put(LockedBuildpack locked);  // replaces the id's entry
  void erase(const std::string& id);
};

// A missing file is an empty lockfile.
Result<Lockfile> read_lockfile(const std::filesystem::path& plugin_dir);
Status write_lockfile(const std::filesystem::path& plugin_dir, const Lockfile& lockfile);

}  // namespace kiln::registry
