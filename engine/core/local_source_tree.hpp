#pragma once
// A SourceTree over a folder on disk. Every path is checked to stay inside the
// root: "..", absolute paths and symlinks that point outside read as absent.
// The root's entry names are read when the tree is opened: a file added at the
// root afterwards is not seen until the folder is opened again.
#include <filesystem>
#include <memory>

#include <kiln/sdk/source.hpp>

#include "core/result.hpp"

namespace kiln {

class LocalSourceTree final : public sdk::SourceTree {
 public:
  // The folder must exist; its canonical path becomes the root.
  static Result<LocalSourceTree> open(const std::filesystem::path& root);

  bool exists(std::string_view path) const override;
  bool is_dir(std::string_view path) const override;
  std::optional<std::string> read(std::string_view path, std::size_t max_bytes = sdk::kDefaultReadCap) const override;
  std::vector<std::string> list(std::string_view dir = "") const override;
  std::vector<std::string> glob(std::string_view pattern) const override;
  std::string name() const override;

  const std::filesystem::path& root() const { return root_; }
  // A tree rooted at a sub-folder (for a monorepo's app folder); same checks.
  Result<LocalSourceTree> subtree(std::string_view relative) const;
  // The absolute path of `relative` if it is inside the root, else nullopt.
  std::optional<std::filesystem::path> resolve(std::string_view relative) const;

 private:
  explicit LocalSourceTree(std::filesystem::path root);
  // False when the path's first component is surely not in the root folder.
  bool may_exist(std::string_view path) const;

  std::filesystem::path root_;
  // The root's entry names, read once: detectors probe dozens of names that
  // do not exist (lockfiles, config variants), and a lookup here answers
  // those without a system call. Shared, so copies of the tree stay cheap.
  std::shared_ptr<const std::vector<std::string>> root_names_;
  // What glob has listed, by folder ("src/"): the looks_for globs of a dozen buildpacks walk the
  // same few folders, and a listing costs a dozen system calls and more allocations. Shared by copies.
  struct FolderEntry {
    std::string name;
    bool descend;  // a folder, not a symlink
  };
  using Listing = std::shared_ptr<const std::vector<FolderEntry>>;
  struct Listings;
  Listing listing(const std::string& relative, const std::filesystem::path& folder) const;
  std::shared_ptr<Listings> listings_;
};

// True for folders that detection never descends into (dependencies, VCS, build output).
bool is_heavy_folder(std::string_view name);
// Glob matching of one '/'-separated path against a pattern with '*', '?' and '**'.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace kiln
