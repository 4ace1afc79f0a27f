#pragma once
// The one place that knows every buildpack: scans plugin directories, loads
// native (.so) and Lua (<name>/buildpack.lua) buildpacks, refuses bad ones
// with a reason, and keeps going with the rest.
#include <filesystem>
#include <string>
#include <vector>

#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

struct PluginProblem {
  std::string source;   // the file or folder that was refused
  std::string message;  // why, naming the file
};

class BuildpackRegistry {
 public:
  // Scans each directory in order (sorted entries). A missing directory is a problem, not a crash.
  static BuildpackRegistry scan(const std::vector<std::filesystem::path>& directories);

  // Adds one buildpack; a duplicate id is refused (returns false and records a problem).
  bool add(LoadedBuildpack buildpack);

  const std::vector<LoadedBuildpack>& buildpacks() const { return buildpacks_; }
  const std::vector<PluginProblem>& problems() const { return problems_; }
  const LoadedBuildpack* find(std::string_view id) const;

 private:
  void scan_directory(const std::filesystem::path& directory);
  std::vector<LoadedBuildpack> buildpacks_;
  std::vector<PluginProblem> problems_;
};

}  // namespace kiln
