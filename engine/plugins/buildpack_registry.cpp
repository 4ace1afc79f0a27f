#include "plugins/buildpack_registry.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <system_error>

#include "plugins/buildpack_loader.hpp"
#include "plugins/descriptor_cache.hpp"

namespace fs = std::filesystem;

namespace kiln {

struct RegisteredBuildpack::LazyCode {
  CodeLoader loader;
  std::once_flag once;
  std::optional<Result<BuildpackCodePtr>> code;
};

RegisteredBuildpack::RegisteredBuildpack(BuildpackDescriptor d, CodeLoader loader)
    : descriptor(std::move(d)), lazy_(std::make_shared<LazyCode>()) {
  lazy_->loader = loader ? std::move(loader) : CodeLoader(load_buildpack_code);
}

Result<BuildpackCodePtr> RegisteredBuildpack::code() const {
  std::call_once(lazy_->once, [&] { lazy_->code = lazy_->loader(descriptor); });
  return *lazy_->code;
}

BuildpackRegistry BuildpackRegistry::scan(const std::vector<fs::path>& directories, CodeLoader loader,
                                          DescriptorCache* cache) {
  BuildpackRegistry registry;
  registry.loader_ = std::move(loader);
  for (const auto& directory : directories) registry.scan_directory(directory, cache);
  return registry;
}

void BuildpackRegistry::scan_directory(const fs::path& directory, DescriptorCache* cache) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    problems_.push_back({directory.string(), "plugin directory " + directory.string() + " does not exist"});
    return;
  }
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  std::sort(entries.begin(), entries.end());

  for (const auto& entry : entries) {
    if (fs::is_regular_file(entry / kBuildpackDescriptorFile, ec)) {
      auto descriptor = cache ? cache->read(entry) : read_buildpack_descriptor(entry);
      if (!descriptor) {
        problems_.push_back({entry.string(), "refused plugin " + entry.string() + ": " + descriptor.error().message});
        continue;
      }
      add(RegisteredBuildpack(std::move(descriptor.value()), loader_));
    } else if ((entry.extension() == ".so" && fs::is_regular_file(entry, ec)) ||
               fs::is_regular_file(entry / "buildpack.lua", ec)) {
      problems_.push_back({entry.string(), "refused plugin " + entry.string() +
                                               ": a buildpack is a folder with a buildpack.toml beside its code "
                                               "(see the SDK's templates)"});
    }
    // Anything else (READMEs, build leftovers) is not a plugin.
  }
}

void BuildpackRegistry::load_all() {
  std::vector<RegisteredBuildpack> loaded;
  for (auto& buildpack : buildpacks_) {
    if (auto code = buildpack.code(); !code) {
      problems_.push_back({buildpack.descriptor.source, code.error().message});
      continue;
    }
    loaded.push_back(std::move(buildpack));
  }
  buildpacks_ = std::move(loaded);
}

bool BuildpackRegistry::add(RegisteredBuildpack buildpack) {
  if (const auto* existing = find(buildpack.descriptor.id)) {
    problems_.push_back({buildpack.descriptor.descriptor_file,
                         "refused plugin " + buildpack.descriptor.descriptor_file + ": duplicate buildpack id '" +
                             buildpack.descriptor.id + "', already loaded from " + existing->descriptor.descriptor_file});
    return false;
  }
  buildpacks_.push_back(std::move(buildpack));
  return true;
}

const RegisteredBuildpack* BuildpackRegistry::find(std::string_view id) const {
  for (const auto& b : buildpacks_)
    if (b.descriptor.id == id) return &b;
  return nullptr;
}

}  // namespace kiln
