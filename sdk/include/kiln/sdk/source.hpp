#pragma once
// The read-only view of an application's source folder that buildpacks see.
// Detection asks for the few files it needs; it never walks a whole monorepo.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiln::sdk {

// Reads larger than this are refused unless a caller asks for more: manifests
// are small, and a hostile tree must not make detection read a 4 GB "package.json".
inline constexpr std::size_t kDefaultReadCap = 1u << 20;

class SourceTree {
 public:
  virtual ~SourceTree() = default;

  // Paths are relative to the tree root, '/'-separated. Absolute paths, ".."
  // components and links that leave the root are treated as absent.
  virtual bool exists(std::string_view path) const = 0;
  virtual bool is_dir(std::string_view path) const = 0;
  // The file's bytes, or nullopt if it is absent, not a regular file, or larger than max_bytes.
  virtual std::optional<std::string> read(std::string_view path,
                                          std::size_t max_bytes = kDefaultReadCap) const = 0;
  // Entry names of a directory, sorted; sub-directories carry a trailing '/'.
  virtual std::vector<std::string> list(std::string_view dir = "") const = 0;
  // Paths matching a pattern ('*', '?', '**' for any number of directories),
  // sorted. Heavy folders (node_modules, .git, vendor, target, ...) are not entered.
  virtual std::vector<std::string> glob(std::string_view pattern) const = 0;
  // The folder's own name, e.g. for an image name.
  virtual std::string name() const = 0;

  // A parsed JSON file, or nullopt when absent or not valid JSON.
  std::optional<nlohmann::json> json(std::string_view path) const {
    auto text = read(path);
    if (!text) return std::nullopt;
    auto value = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (value.is_discarded()) return std::nullopt;
    return value;
  }
  // The first of several candidate paths that is a regular file.
  template <class Paths>
  std::optional<std::string> first_file(const Paths& paths) const {
    for (std::string_view p : paths)
      if (exists(p) && !is_dir(p)) return std::string(p);
    return std::nullopt;
  }
  std::optional<std::string> first_file(std::initializer_list<std::string_view> paths) const {
    return first_file<std::initializer_list<std::string_view>>(paths);
  }
  // The first of several candidate paths that exists.
  std::optional<std::string> first_existing(std::initializer_list<std::string_view> paths) const {
    for (auto p : paths)
      if (exists(p)) return std::string(p);
    return std::nullopt;
  }
};

}  // namespace kiln::sdk
