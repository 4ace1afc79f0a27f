#pragma once
// Descriptors read before, kept in one small CBOR file so a fresh `kiln detect` does
// not parse two dozen buildpack.toml files with toml++ again (2.6 million instructions
// for the 26 bundled ones, against 0.6 million for this file, for data that rarely changes).
//
// An entry is used only when the buildpack.toml at that path has the size and the
// 64-bit hash of the text the entry was read from, and the file was written by this
// very kiln executable (its path, size and modification time): no timestamp of the
// descriptor is trusted, so an edit is always seen, however soon after the last run
// (the chance that an edit keeps both size and hash is about 1 in 10^19; the texts
// themselves are not kept because reading them back cost more than parsing them).
// Only descriptors that were accepted are kept; a refused one is read, and reported,
// every time. The cache is a speed-up only: a file that is missing, unreadable or
// damaged is simply ignored, and one that cannot be written is not.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

class DescriptorCache {
 public:
  // Opens the cache file (missing or unreadable: an empty cache).
  explicit DescriptorCache(std::filesystem::path file);

  // $KILN_CACHE_DIR, else $XDG_CACHE_HOME/kiln, else $HOME/.cache/kiln; nullopt when none is set.
  static std::optional<std::filesystem::path> default_file();

  // <folder>/buildpack.toml, from the cache when its text is unchanged, else read and remembered.
  Result<BuildpackDescriptor> read(const std::filesystem::path& folder);

  // Writes the file back (atomically) if read() had to parse anything; errors are ignored.
  void save();

  struct Entry {
    std::uint64_t text_size = 0;
    std::uint64_t text_hash = 0;
    BuildpackDescriptor descriptor;
  };
 private:
  std::filesystem::path file_;
  std::string writer_;  // which kiln wrote the file: entries from another one are not used
  std::map<std::string, Entry> entries_;  // by the buildpack.toml's path
  bool changed_ = false;
};

}  // namespace kiln
