#pragma once
// Looking for well-known files at the app root (or one folder down, "bin/start").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

// Those of `paths` that are regular files, in the order given. One listing of
// the root answers for every absent name - much cheaper than asking the tree
// about each - and each present one is still confirmed by the tree, so a link
// that leaves the root does not count.
std::vector<std::string> root_files(const sdk::SourceTree& tree, const std::vector<std::string_view>& paths);

// The first of them, if any.
std::optional<std::string> first_root_file(const sdk::SourceTree& tree, const std::vector<std::string_view>& paths);

}  // namespace kiln::support
