#pragma once
// A SourceTree that lists the app root once and answers "absent" for any path
// whose first component is not in that listing, without asking the tree.
// Detectors probe dozens of names that usually do not exist (six lockfiles,
// next.config.{js,mjs,ts,cjs,...}); each probe of a real tree resolves the path
// through every symlink, so one directory read replaces most of that work.
// Names that are listed are still checked by the wrapped tree, whose rules on
// symlinks and sizes stay in force.
#include <string>
#include <string_view>
#include <vector>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

class ListedRootTree final : public sdk::SourceTree {
 public:
  // `tree` must outlive this object; the listing is taken now.
  explicit ListedRootTree(const sdk::SourceTree& tree);

  bool exists(std::string_view path) const override;
  bool is_dir(std::string_view path) const override;
  std::optional<std::string> read(std::string_view path, std::size_t max_bytes = sdk::kDefaultReadCap) const override;
  std::vector<std::string> list(std::string_view dir = "") const override;
  std::vector<std::string> glob(std::string_view pattern) const override;
  std::string name() const override;

 private:
  // False when the path's first component is surely absent from the root.
  bool may_exist(std::string_view path) const;
  const sdk::SourceTree& tree_;
  std::vector<std::string> root_;  // sorted; folders carry a trailing '/'
};

}  // namespace kiln::support
