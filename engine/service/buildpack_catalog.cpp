#include "service/buildpack_catalog.hpp"

#include "plugins/plugin_directories.hpp"

namespace kiln::service {

BuildpackCatalog::BuildpackCatalog(std::vector<std::filesystem::path> extra_dirs, bool bundled, CodeLoader loader)
    : extra_dirs_(std::move(extra_dirs)), bundled_(bundled), loader_(std::move(loader)) {
  reload();
}

std::shared_ptr<const BuildpackRegistry> BuildpackCatalog::snapshot() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::shared_ptr<const BuildpackRegistry> BuildpackCatalog::reload() {
  // The old set is dropped before scanning: dlopen hands back a library that is still loaded under
  // the same path, so a changed .so is only read afresh once nothing holds the old one. Builds
  // running on the old set keep it alive; new builds wait for the scan (milliseconds).
  std::lock_guard lock(mutex_);
  current_.reset();
  // The server loads every buildpack's code up front: a broken one is reported at start or reload, not mid-build.
  auto registry = BuildpackRegistry::scan(plugin_search_path(extra_dirs_, bundled_), loader_);
  registry.load_all();
  current_ = std::make_shared<const BuildpackRegistry>(std::move(registry));
  return current_;
}

}  // namespace kiln::service
