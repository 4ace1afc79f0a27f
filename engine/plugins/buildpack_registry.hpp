#pragma once
// The one place that knows every buildpack. A scan reads only descriptors
// (buildpack.toml); a buildpack's code is loaded the first time it is needed,
// by the registry's CodeLoader: into this process, or into an analysis worker.
// A bad descriptor or code that cannot load is a problem with a reason, and
// kiln keeps going with the rest.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/buildpack_code.hpp"
#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

class DescriptorCache;

struct PluginProblem {
  std::string source;   // the file or folder that was refused
  std::string message;  // why, naming the file
};

using CodeLoader = std::function<Result<BuildpackCodePtr>(const BuildpackDescriptor&)>;

// A buildpack the registry knows; its code loads once, on first use, from any thread.
class RegisteredBuildpack {
 public:
  RegisteredBuildpack(BuildpackDescriptor descriptor, CodeLoader loader);
  BuildpackDescriptor descriptor;
  Result<BuildpackCodePtr> code() const;

 private:
  struct LazyCode;
  std::shared_ptr<LazyCode> lazy_;
};

class BuildpackRegistry {
 public:
  // Scans each directory in order (sorted entries): every sub-folder holding a
  // buildpack.toml is a buildpack. A missing directory is a problem, not a crash.
  // Without a loader, code is loaded into this process (load_buildpack_code).
  // With a cache, descriptors whose text it has seen are not parsed again.
  static BuildpackRegistry scan(const std::vector<std::filesystem::path>& directories, CodeLoader loader = {},
                                DescriptorCache* cache = nullptr);

  // Loads every buildpack's code now; those that fail move to problems().
  void load_all();

  // Adds one buildpack; a duplicate id is refused (returns false and records a problem).
  bool add(RegisteredBuildpack buildpack);

  const std::vector<RegisteredBuildpack>& buildpacks() const { return buildpacks_; }
  const std::vector<PluginProblem>& problems() const { return problems_; }
  const RegisteredBuildpack* find(std::string_view id) const;

 private:
  void scan_directory(const std::filesystem::path& directory, DescriptorCache* cache);
  CodeLoader loader_;
  std::vector<RegisteredBuildpack> buildpacks_;
  std::vector<PluginProblem> problems_;
};

}  // namespace kiln
