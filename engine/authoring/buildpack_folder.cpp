#include "authoring/buildpack_folder.hpp"

namespace kiln {
namespace fs = std::filesystem;

Result<BuildpackDescriptor> locate_buildpack(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / kBuildpackDescriptorFile, ec))
    return Error{ErrorCode::InvalidBuildpack, dir.string() + ": no buildpack.toml (make one with kiln buildpacks new ID --lua|--native)"};
  auto descriptor = read_buildpack_descriptor(dir);
  if (!descriptor) return descriptor.error();
  if (fs::exists(descriptor->source, ec)) return descriptor;
  if (fs::is_directory(dir / "build", ec))
    for (auto it = fs::recursive_directory_iterator(dir / "build", ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().filename() != kBuildpackDescriptorFile || it.depth() > 2) continue;
      auto built = read_buildpack_descriptor(it->path().parent_path());
      if (built && built->id == descriptor->id && fs::exists(built->source)) return built;
    }
  const auto build = (dir / "build").string();
  return Error{ErrorCode::InvalidBuildpack, dir.string() + ": " + fs::path(descriptor->source).filename().string() +
                                                " is not built yet (cmake -S " + dir.string() + " -B " + build +
                                                " -DCMAKE_PREFIX_PATH=<kiln prefix> && cmake --build " + build + ")"};
}

}  // namespace kiln
