#pragma once
// Reads a registry, a folder or a kiln server (or any HTTP host serving the
// same tree, registry/registry_layout.hpp): its ids, one id's index, one
// package. Over HTTP it is libcurl through the bundle download, with its size
// caps, timeouts and CA bundle option.
#include <filesystem>
#include <string>
#include <vector>

#include "registry/index_entry.hpp"
#include "registry/registry_config.hpp"

namespace kiln::registry {

class RegistryReader {
 public:
  RegistryReader(RegistrySettings settings, std::string ca_bundle_file = {});
  const RegistrySettings& settings() const { return settings_; }

  Result<std::vector<std::string>> ids() const;
  // The id's versions; an id the registry does not have is an empty list.
  Result<std::vector<IndexEntry>> versions(const std::string& id) const;
  // Copies or downloads the package of `entry` to `dest` (at most entry.size bytes are taken:
  // a larger body is refused while it arrives).
  Status fetch_package(const IndexEntry& entry, const std::filesystem::path& dest) const;

 private:
  Result<std::string> read_text(const std::string& relative, std::uint64_t max_bytes) const;
  std::string url_of(const std::string& relative) const;
  RegistrySettings settings_;
  std::string ca_bundle_file_;
};

}  // namespace kiln::registry
