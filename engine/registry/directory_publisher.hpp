#pragma once
// Publishing into a directory registry (the folder itself, or the one a kiln
// server keeps): the package is opened with the bundle rules and its
// buildpack.toml read, its line appended to index/<id>, the file copied to
// packages/. One writer at a time (an flock on the folder); each file
// is replaced by rename, so a reader never sees half of one.
#include <filesystem>
#include <string>
#include <vector>

#include "registry/index_entry.hpp"

namespace kiln::registry {

struct PublishRequest {
  std::filesystem::path package;       // the .tar.gz
  std::string signature;               // base64 ed25519, or empty
  std::vector<std::string> trust;      // the registry's keys: when any, the signature must verify with one
};

// Errors: conflict (that version is published), invalid_bundle / invalid_buildpack (the package),
// invalid_config (missing or bad signature), storage_failed.
Result<IndexEntry> publish_to_directory(const std::filesystem::path& registry, const PublishRequest& request);

// Marks (or unmarks) one version yanked: installs by range pass it over. Errors: not_found.
Result<IndexEntry> set_yanked(const std::filesystem::path& registry, const std::string& id, const std::string& version,
                              bool yanked);

// The package's signature beside it (FILE.sig), or empty when there is none.
std::string signature_beside(const std::filesystem::path& package);

// Lower-case hex SHA-256 of a file's bytes.
std::string sha256_of(const std::string& bytes);

}  // namespace kiln::registry
