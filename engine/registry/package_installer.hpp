#pragma once
// `kiln buildpacks install ID@RANGE`: choose the registry, resolve the range,
// fetch, verify size, sha256 and signature, extract with the bundle rules into
// a temporary folder inside the plugin dir, load the code as the engine would,
// then swap it in with one rename (renameat2 RENAME_EXCHANGE over an older
// version) and record it in the lockfile. Any refusal or failure before the
// swap leaves the plugin dir as it was; every message names the package.
#include <filesystem>
#include <optional>
#include <string>

#include "plugins/buildpack_registry.hpp"
#include "registry/index_entry.hpp"
#include "registry/install_lockfile.hpp"
#include "registry/registry_config.hpp"
#include "registry/version_resolver.hpp"

namespace kiln::registry {

struct InstallRequest {
  PackageRequest package;
  std::optional<std::string> registry;  // else: the one configured registry that has the id
  std::filesystem::path plugin_dir;
  bool locked = false;                  // refuse anything but what the lockfile says
  std::string ca_bundle_file;           // for https registries
  // Loads the staged buildpack's code as its user will (kiln serve: in an analysis worker); an install
  // whose code does not load is refused. Empty: into this process.
  CodeLoader check_code;
  bool dry_run = false;                 // resolve and stop: nothing is fetched or written
};

struct InstallOutcome {
  IndexEntry entry;
  std::string registry;
  std::optional<std::string> replaced_version;
  std::filesystem::path folder;  // plugin_dir/<id>
};

Result<InstallOutcome> install_package(const RegistryConfig& config, const InstallRequest& request);

// Removes an installed buildpack (one the lockfile knows) and its lock entry.
Status remove_package(const std::filesystem::path& plugin_dir, const std::string& id);

}  // namespace kiln::registry
