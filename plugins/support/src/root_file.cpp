#include "kiln/support/root_file.hpp"

#include <algorithm>

namespace kiln::support {

std::vector<std::string> root_files(const sdk::SourceTree& tree, const std::vector<std::string_view>& paths) {
  auto entries = tree.list("");  // sorted; folders end in '/', so a folder never passes for a file
  auto listed = [&](std::string_view entry) {
    return std::binary_search(entries.begin(), entries.end(), entry,
                              [](const auto& a, const auto& b) { return std::string_view(a) < std::string_view(b); });
  };
  std::vector<std::string> found;
  for (auto path : paths) {
    auto slash = path.find('/');
    auto entry = slash == std::string_view::npos ? path : path.substr(0, slash + 1);  // "bin/start" -> "bin/"
    if (listed(entry) && tree.exists(path) && !tree.is_dir(path)) found.emplace_back(path);
  }
  return found;
}

std::optional<std::string> first_root_file(const sdk::SourceTree& tree, const std::vector<std::string_view>& paths) {
  auto found = root_files(tree, paths);
  if (found.empty()) return std::nullopt;
  return found.front();
}

}  // namespace kiln::support
