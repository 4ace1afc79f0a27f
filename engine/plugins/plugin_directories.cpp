#include "plugins/plugin_directories.hpp"

#include "core/user_data_dirs.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <system_error>

#include <boost/dll/runtime_symbol_info.hpp>

namespace fs = std::filesystem;

namespace kiln {

fs::path kiln_executable() {
  boost::dll::fs::error_code ec;
  auto exe = boost::dll::program_location(ec);
  return ec ? fs::path("/proc/self/exe") : fs::path(exe.string());
}

std::optional<fs::path> bundled_plugin_directory() {
  fs::path exe_dir = kiln_executable().parent_path();
  std::error_code fec;
  for (const auto& candidate : {exe_dir / "buildpacks", exe_dir / ".." / KILN_INSTALL_BUILDPACK_DIR}) {
    if (fs::is_directory(candidate, fec)) return fs::weakly_canonical(candidate, fec);
  }
  return std::nullopt;
}

std::vector<fs::path> plugin_search_path(const std::vector<fs::path>& extra, bool include_bundled) {
  std::vector<fs::path> dirs;
  if (include_bundled)
    if (auto bundled = bundled_plugin_directory()) dirs.push_back(*bundled);
  if (const char* env = std::getenv("KILN_PLUGIN_PATH")) {
    std::string_view rest(env);
    while (!rest.empty()) {
      auto colon = rest.find(':');
      auto item = rest.substr(0, colon);
      if (!item.empty()) dirs.emplace_back(item);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  // What `kiln buildpacks install` put in the user's own plugin dir, once there is one.
  std::error_code ec;
  if (auto user = user_plugin_dir(); user && fs::is_directory(*user, ec) &&
      std::none_of(extra.begin(), extra.end(), [&](const fs::path& d) { return fs::equivalent(d, *user, ec); }))
    dirs.push_back(*user);
  dirs.insert(dirs.end(), extra.begin(), extra.end());
  return dirs;
}

}  // namespace kiln
