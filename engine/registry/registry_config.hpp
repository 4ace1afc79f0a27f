#pragma once
// The registries a user installs from, and the keys they trust for each:
// <config dir>/registries.toml (core/user_data_dirs.hpp), written by
// `kiln registry add`.
//
//   [registries.acme]
//   location = "/srv/buildpacks"          # a folder, file:///srv/buildpacks, or http(s)://host/registry
//   trust = ["MCowBQYDK2VwAyEA…"]         # ed25519 public keys (KEY.pub's one-line form); when any
//                                          # is given, every package must carry a signature by one
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiln::registry {

struct RegistrySettings {
  std::string name;
  std::string location;
  std::vector<std::string> trust;
  bool is_http() const;
  // The folder of a directory registry (location without file://).
  std::filesystem::path folder() const;
  bool requires_signature() const { return !trust.empty(); }
};

struct RegistryConfig {
  std::filesystem::path file;
  std::map<std::string, RegistrySettings> registries;
  Result<RegistrySettings> find(const std::string& name) const;
};

// $KILN_REGISTRY_CONFIG, else <config dir>/registries.toml. A missing file is an empty config.
std::filesystem::path registry_config_file();
Result<RegistryConfig> read_registry_config(const std::filesystem::path& file);
// Writes the whole file (a temporary file, then rename).
Status write_registry_config(const RegistryConfig& config);

}  // namespace kiln::registry
