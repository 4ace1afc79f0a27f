#include "plugins/buildpack_registry.hpp"

#include <algorithm>
#include <system_error>

#include "plugins/lua_buildpack.hpp"
#include "plugins/native_loader.hpp"

namespace fs = std::filesystem;

namespace kiln {
namespace {

Result<LoadedBuildpack> load_lua_buildpack(const fs::path& script) {
  auto loaded = LuaBuildpack::load(script);
  if (!loaded) return loaded.error();
  const auto& info = (*loaded)->info();
  BuildpackDescriptor descriptor{info.id, info.version, "lua", script.string(), info.description, info.priority};
  return LoadedBuildpack{std::move(descriptor), std::move(loaded.value())};
}

}  // namespace

BuildpackRegistry BuildpackRegistry::scan(const std::vector<fs::path>& directories) {
  BuildpackRegistry registry;
  for (const auto& directory : directories) registry.scan_directory(directory);
  return registry;
}

void BuildpackRegistry::scan_directory(const fs::path& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    problems_.push_back({directory.string(), "plugin directory " + directory.string() + " does not exist"});
    return;
  }
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  std::sort(entries.begin(), entries.end());

  for (const auto& entry : entries) {
    Result<LoadedBuildpack> loaded = Error{"", ""};
    if (entry.extension() == ".so" && fs::is_regular_file(entry, ec)) {
      loaded = load_native_buildpack(entry);
    } else if (fs::is_regular_file(entry / "buildpack.lua", ec)) {
      loaded = load_lua_buildpack(entry / "buildpack.lua");
    } else {
      continue;  // READMEs, descriptors, build leftovers: not plugins
    }
    if (!loaded) {
      problems_.push_back({entry.string(), loaded.error().message});
      continue;
    }
    add(std::move(loaded.value()));
  }
}

bool BuildpackRegistry::add(LoadedBuildpack buildpack) {
  if (const auto* existing = find(buildpack.descriptor.id)) {
    problems_.push_back({buildpack.descriptor.source,
                         "refused plugin " + buildpack.descriptor.source + ": duplicate buildpack id '" +
                             buildpack.descriptor.id + "', already loaded from " + existing->descriptor.source});
    return false;
  }
  buildpacks_.push_back(std::move(buildpack));
  return true;
}

const LoadedBuildpack* BuildpackRegistry::find(std::string_view id) const {
  for (const auto& b : buildpacks_)
    if (b.descriptor.id == id) return &b;
  return nullptr;
}

}  // namespace kiln
