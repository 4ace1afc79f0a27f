#pragma once
// The server's buildpacks, reloadable while it runs. A build takes a
// snapshot when it starts and keeps it to the end, so a reload never pulls
// a buildpack out from under a running build; the old set is released
// (and its libraries unloaded) when the last build using it ends.
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "plugins/buildpack_registry.hpp"

namespace kiln::service {

class BuildpackCatalog {
 public:
  // Code is loaded by `loader` (kiln serve: into analysis workers), every buildpack at each (re)load.
  BuildpackCatalog(std::vector<std::filesystem::path> extra_dirs, bool bundled, CodeLoader loader = {});
  std::shared_ptr<const BuildpackRegistry> snapshot() const;
  // Scans the plugin directories again; returns the new set.
  std::shared_ptr<const BuildpackRegistry> reload();
  // How it loads code, for checking a buildpack the same way before it is installed.
  const CodeLoader& loader() const { return loader_; }

 private:
  std::vector<std::filesystem::path> extra_dirs_;
  bool bundled_;
  CodeLoader loader_;
  mutable std::mutex mutex_;
  std::shared_ptr<const BuildpackRegistry> current_;
};

}  // namespace kiln::service
