#include "kiln/support/listed_root_tree.hpp"

#include <algorithm>

namespace kiln::support {

ListedRootTree::ListedRootTree(const sdk::SourceTree& tree) : tree_(tree), root_(tree.list("")) {}

bool ListedRootTree::may_exist(std::string_view path) const {
  auto slash = path.find('/');
  bool nested = slash != std::string_view::npos && slash + 1 < path.size();
  auto first = path.substr(0, slash);
  // Wildcards and odd spellings ("./x", "") are left to the wrapped tree.
  if (first.empty() || first == "." || first.find_first_of("*?[") != std::string_view::npos) return true;
  std::string folder = std::string(first) + "/";
  if (std::binary_search(root_.begin(), root_.end(), folder)) return true;
  return !nested && std::binary_search(root_.begin(), root_.end(), first);
}

bool ListedRootTree::exists(std::string_view path) const { return may_exist(path) && tree_.exists(path); }

bool ListedRootTree::is_dir(std::string_view path) const {
  bool top_level = path.find('/') == std::string_view::npos;
  // The listing marks folders; a root entry without the mark is surely not one.
  if (top_level && !path.empty() && path != "." &&
      !std::binary_search(root_.begin(), root_.end(), std::string(path) + "/"))
    return false;
  return may_exist(path) && tree_.is_dir(path);
}

std::optional<std::string> ListedRootTree::read(std::string_view path, std::size_t max_bytes) const {
  if (!may_exist(path)) return std::nullopt;
  return tree_.read(path, max_bytes);
}

std::vector<std::string> ListedRootTree::list(std::string_view dir) const {
  if (dir.empty()) return root_;
  if (!may_exist(dir)) return {};
  return tree_.list(dir);
}

std::vector<std::string> ListedRootTree::glob(std::string_view pattern) const {
  if (!may_exist(pattern)) return {};
  return tree_.glob(pattern);
}

std::string ListedRootTree::name() const { return tree_.name(); }

}  // namespace kiln::support
