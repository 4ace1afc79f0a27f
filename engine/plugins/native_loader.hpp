#pragma once
// Loads a native buildpack (.so) with Boost.DLL: reads the info block, checks
// the API version, then calls the factory.
#include <filesystem>

#include "core/result.hpp"
#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

Result<LoadedBuildpack> load_native_buildpack(const std::filesystem::path& file);

}  // namespace kiln
