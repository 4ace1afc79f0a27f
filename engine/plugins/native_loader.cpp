#include "plugins/native_loader.hpp"

#include <dlfcn.h>

#include <cstddef>

#include <boost/dll/shared_library.hpp>
#include <kiln/sdk/plugin.hpp>

namespace kiln {
namespace {

constexpr std::size_t kInfoV1Size = offsetof(KilnPluginInfo, description) + sizeof(const char*);

Error refuse(const std::filesystem::path& file, const std::string& reason) {
  return Error{"plugin_rejected", "refused plugin " + file.string() + ": " + reason};
}

}  // namespace

Result<LoadedBuildpack> load_native_buildpack(const std::filesystem::path& file) {
  auto library = std::make_shared<boost::dll::shared_library>();
  boost::dll::fs::error_code ec;
  library->load(file.string(), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    // Boost 1.74 reports a generic code; the loader's own words say which symbol or library is missing.
    const char* detail = dlerror();
    return refuse(file, "cannot load it: " + std::string(detail ? detail : ec.message().c_str()));
  }

  if (!library->has(sdk::kPluginInfoSymbol))
    return refuse(file, "missing symbol kiln_plugin_info (not a kiln buildpack? it must use KILN_BUILDPACK)");
  const auto& info = library->get<const KilnPluginInfo>(sdk::kPluginInfoSymbol);
  if (info.api_version != sdk::kApiVersion)
    return refuse(file, "it was built for buildpack API version " + std::to_string(info.api_version) +
                            ", this kiln speaks version " + std::to_string(sdk::kApiVersion) +
                            "; rebuild it against the matching kiln SDK");
  if (info.struct_size < kInfoV1Size) return refuse(file, "its info block is truncated");
  if (!info.id || !is_valid_buildpack_id(info.id))
    return refuse(file, std::string("invalid id '") + (info.id ? info.id : "") + "' (expected reverse-DNS style, e.g. com.acme.deno)");
  if (!info.version || !*info.version) return refuse(file, "its info block has no version");
  if (!info.kind || std::string(info.kind) != "buildpack")
    return refuse(file, std::string("unsupported plugin kind '") + (info.kind ? info.kind : "") + "'");

  BuildpackDescriptor descriptor{info.id, info.version, "native", file.string(),
                                 info.description ? info.description : "", info.priority};

  if (!library->has(sdk::kPluginFactorySymbol))
    return refuse(file, "missing factory symbol kiln_create_buildpack");
  auto& factory = library->get_alias<sdk::BuildpackFactory>(sdk::kPluginFactorySymbol);
  std::unique_ptr<sdk::Buildpack> object;
  try {
    object = factory();
  } catch (const std::exception& e) {
    return refuse(file, std::string("its factory threw: ") + e.what());
  } catch (...) {
    return refuse(file, "its factory threw an unknown exception");
  }
  if (!object) return refuse(file, "its factory returned no buildpack");

  // The deleter owns the library: the object's code is unmapped only after the object is gone.
  std::shared_ptr<const sdk::Buildpack> impl(object.release(), [library](const sdk::Buildpack* p) { delete p; });
  return LoadedBuildpack{std::move(descriptor), std::move(impl)};
}

}  // namespace kiln
