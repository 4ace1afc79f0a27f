#pragma once
// A folder of a source tree seen as a tree of its own, for a buildpack that
// looks at one member of a workspace with the same code it uses for an app.
#include <string>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

class SubfolderTree final : public sdk::SourceTree {
 public:
  // `folder` must be a normalized relative path (normalize_relative_path) naming a folder of `outer`.
  SubfolderTree(const sdk::SourceTree& outer, std::string folder);

  bool exists(std::string_view path) const override;
  bool is_dir(std::string_view path) const override;
  std::optional<std::string> read(std::string_view path, std::size_t max_bytes = sdk::kDefaultReadCap) const override;
  std::vector<std::string> list(std::string_view dir = "") const override;
  std::vector<std::string> glob(std::string_view pattern) const override;
  std::string name() const override;

 private:
  std::optional<std::string> outer_path(std::string_view path) const;
  const sdk::SourceTree& outer_;
  std::string folder_;
};

}  // namespace kiln::support
