#include "kiln/support/subfolder_tree.hpp"

#include "kiln/support/relative_path.hpp"

namespace kiln::support {

SubfolderTree::SubfolderTree(const sdk::SourceTree& outer, std::string folder) : outer_(outer), folder_(std::move(folder)) {}

// Paths that climb out of the folder are absent here, as they are at a tree's root.
std::optional<std::string> SubfolderTree::outer_path(std::string_view path) const {
  if (path.empty()) return folder_;
  auto inner = normalize_relative_path(path);
  if (!inner) return std::nullopt;
  return join_relative_path(folder_, *inner);
}

bool SubfolderTree::exists(std::string_view path) const {
  auto p = outer_path(path);
  return p && outer_.exists(*p);
}

bool SubfolderTree::is_dir(std::string_view path) const {
  auto p = outer_path(path);
  return p && outer_.is_dir(*p);
}

std::optional<std::string> SubfolderTree::read(std::string_view path, std::size_t max_bytes) const {
  auto p = outer_path(path);
  if (!p) return std::nullopt;
  return outer_.read(*p, max_bytes);
}

std::vector<std::string> SubfolderTree::list(std::string_view dir) const {
  auto p = outer_path(dir);
  if (!p) return {};
  return outer_.list(*p);
}

std::vector<std::string> SubfolderTree::glob(std::string_view pattern) const {
  std::vector<std::string> out;
  const std::string prefix = folder_ + "/";
  for (auto& path : outer_.glob(prefix + std::string(pattern)))
    if (path.starts_with(prefix)) out.push_back(path.substr(prefix.size()));
  return out;
}

std::string SubfolderTree::name() const {
  auto slash = folder_.rfind('/');
  return slash == std::string::npos ? folder_ : folder_.substr(slash + 1);
}

}  // namespace kiln::support
