#include "registry/package_installer.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <kiln/sdk/semver.hpp>

#include "plugins/buildpack_loader.hpp"
#include "registry/directory_publisher.hpp"
#include "registry/ed25519_keys.hpp"
#include "registry/folder_lock.hpp"
#include "registry/host_platform.hpp"
#include "registry/package_archive.hpp"
#include "registry/registry_reader.hpp"

namespace kiln::registry {
namespace fs = std::filesystem;
namespace {

// A folder of the plugin dir that the scan skips (a dot name) and that is removed when this goes away.
class StagingFolder {
 public:
  StagingFolder(const fs::path& plugin_dir, const char* what) {
    std::string pattern = (plugin_dir / (std::string(".kiln-") + what + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~StagingFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Error refused(const std::string& name, const std::string& why, ErrorCode code = ErrorCode::InvalidBuildpack) {
  return Error{code, name + ": refused, " + why + "; nothing was installed"};
}

// The registry to install `id` from: the one asked for, else the one configured registry that has it.
Result<RegistryReader> choose_registry(const RegistryConfig& config, const InstallRequest& request) {
  const auto& id = request.package.id;
  if (request.registry) {
    auto settings = config.find(*request.registry);
    if (!settings) return settings.error();
    return RegistryReader(*settings, request.ca_bundle_file);
  }
  std::vector<std::string> having;
  std::optional<RegistryReader> chosen;
  for (const auto& [name, settings] : config.registries) {
    RegistryReader reader(settings, request.ca_bundle_file);
    auto ids = reader.ids();
    if (!ids) return ids.error();
    if (std::find(ids->begin(), ids->end(), id) == ids->end()) continue;
    having.push_back(name);
    chosen.emplace(reader);
  }
  if (having.size() > 1) {
    std::string names;
    for (const auto& n : having) names += (names.empty() ? "" : " and ") + n;
    return refused(id, "the id clashes: registries " + names + " all publish it (choose one with --registry NAME)",
                   ErrorCode::Conflict);
  }
  if (!chosen)
    return Error{ErrorCode::NotFound, id + ": no configured registry publishes it (" +
                                          (config.registries.empty() ? std::string("none is configured: kiln registry add NAME DIR|URL") : "kiln buildpacks search TERM") + ")"};
  return *chosen;
}

// Another buildpack in the plugin dir with the same id that the lockfile does not put there.
std::optional<std::string> unowned_clash(const fs::path& plugin_dir, const std::string& id, const Lockfile& lock) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(plugin_dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.front() == '.' || !entry.is_directory()) continue;
    auto descriptor = read_buildpack_descriptor(entry.path());
    if (!descriptor || descriptor->id != id) continue;
    if (name == id && lock.find(id)) continue;  // ours: an update
    return entry.path().string();
  }
  return std::nullopt;
}

// Swaps `staged` in as `target`: one rename, atomically exchanging it with an older version if there is one.
Status swap_in(const fs::path& staged, const fs::path& target) {
  std::error_code ec;
  if (!fs::exists(target, ec)) {
    if (::rename(staged.c_str(), target.c_str()) != 0)
      return Error{ErrorCode::StorageFailed, target.string() + ": cannot move the package in (" + std::strerror(errno) + ")"};
    return Ok{};
  }
  if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
    return Error{ErrorCode::StorageFailed, target.string() + ": cannot swap the new version in (" + std::strerror(errno) + ")"};
  fs::remove_all(staged, ec);  // now the old version
  return Ok{};
}

}  // namespace

Result<InstallOutcome> install_package(const RegistryConfig& config, const InstallRequest& request) {
  const auto& id = request.package.id;
  std::error_code ec;
  if (!request.dry_run) fs::create_directories(request.plugin_dir, ec);
  if (!request.dry_run && !fs::is_directory(request.plugin_dir, ec))
    return Error{ErrorCode::StorageFailed, request.plugin_dir.string() + ": not a folder kiln can install into"};
  // Two installs into one plugin dir take turns: each reads the lockfile the other wrote.
  std::optional<FolderLock> writer;
  if (!request.dry_run) {
    writer.emplace(request.plugin_dir);
    if (!writer->held()) return Error{ErrorCode::StorageFailed, request.plugin_dir.string() + ": cannot lock it for the install"};
  }
  auto lock = read_lockfile(request.plugin_dir);
  if (!lock) return lock.error();
  const auto* locked = lock->find(id);
  if (request.locked && !locked)
    return refused(id, std::string(kLockfileName) + " in " + request.plugin_dir.string() + " has no entry for it (--locked)");

  auto reader = choose_registry(config, request);
  if (!reader) return reader.error();
  const auto& registry = reader->settings();
  if (locked && !locked->registry.empty() && locked->registry != registry.name)
    return refused(id, "the id clashes: it is installed from registry " + locked->registry + ", not " + registry.name +
                           " (kiln buildpacks remove " + id + " first)", ErrorCode::Conflict);
  if (auto other = unowned_clash(request.plugin_dir, id, *lock))
    return refused(id, "the id clashes with the buildpack in " + *other + ", which kiln did not install (remove it first)",
                   ErrorCode::Conflict);

  auto versions = reader->versions(id);
  if (!versions) return versions.error();
  if (versions->empty()) return Error{ErrorCode::NotFound, id + ": registry " + registry.name + " does not publish it"};
  PackageRequest wanted = request.package;
  if (request.locked) {
    if (sdk::semver::satisfies(locked->version, request.package.range) == false)
      return refused(id, "the lockfile holds " + locked->version + ", which is not " + request.package.range + " (--locked)");
    wanted.range = locked->version;
  }
  auto entry = resolve_version(*versions, wanted, ResolveHost{host_platform()});
  if (!entry) return entry.error().with_context("registry " + registry.name);
  const auto name = package_name(*entry);
  if (request.locked && entry->sha256 != locked->sha256)
    return refused(name, "the registry's sha256 " + entry->sha256 + " is not the lockfile's " + locked->sha256 + " (--locked)");
  if (request.dry_run)
    return InstallOutcome{*entry, registry.name, locked ? std::optional<std::string>(locked->version) : std::nullopt, request.plugin_dir / id};

  StagingFolder download(request.plugin_dir, "download");
  StagingFolder staging(request.plugin_dir, "install");
  if (download.path().empty() || staging.path().empty())
    return Error{ErrorCode::StorageFailed, request.plugin_dir.string() + ": cannot make a temporary folder"};
  const auto package = download.path() / "package.tar.gz";
  if (auto fetched = reader->fetch_package(*entry, package); !fetched) return refused(name, fetched.error().message, fetched.error().code);
  auto bytes = read_whole_file(package);
  if (!bytes) return bytes.error();
  if (bytes->size() != entry->size)
    return refused(name, "its size is " + std::to_string(bytes->size()) + " bytes, the index says " + std::to_string(entry->size),
                   ErrorCode::InvalidBundle);
  if (auto sha = sha256_of(*bytes); sha != entry->sha256)
    return refused(name, "its sha256 is " + sha + ", the index says " + entry->sha256 + " (the package was changed)",
                   ErrorCode::InvalidBundle);
  if (registry.requires_signature()) {
    if (entry->signature.empty()) return refused(name, "it is not signed and registry " + registry.name + " trusts signed packages only");
    if (std::none_of(registry.trust.begin(), registry.trust.end(),
                     [&](const std::string& key) { return verify_signature(*bytes, entry->signature, key); }))
      return refused(name, "its signature is not by a key registry " + registry.name + " trusts");
  }
  auto opened = open_package(package, staging.path() / "package");
  if (!opened) return refused(name, opened.error().message, opened.error().code);
  const auto& d = opened->descriptor;
  if (d.id != entry->id || d.version != entry->version || d.kind != entry->kind || d.api != entry->api)
    return refused(name, "its buildpack.toml says " + d.id + "@" + d.version + " (" + d.kind + " API " + std::to_string(d.api) +
                             "), not what the index says");
  if (auto code = request.check_code ? request.check_code(d) : load_buildpack_code(d); !code) return refused(name, "it does not load: " + code.error().message);

  const auto target = request.plugin_dir / id;
  if (auto swapped = swap_in(opened->root, target); !swapped) return refused(name, swapped.error().message, swapped.error().code);
  InstallOutcome outcome{*entry, registry.name, locked ? std::optional<std::string>(locked->version) : std::nullopt, target};
  lock->put({id, entry->version, request.locked && locked ? locked->range : request.package.range, entry->sha256, registry.name});
  if (auto written = write_lockfile(request.plugin_dir, *lock); !written) return written.error();
  return outcome;
}

Status remove_package(const fs::path& plugin_dir, const std::string& id) {
  if (!is_valid_buildpack_id(id)) return Error{ErrorCode::InvalidRequest, "'" + id + "' is not a buildpack id"};
  FolderLock writer(plugin_dir);
  if (!writer.held()) return Error{ErrorCode::StorageFailed, plugin_dir.string() + ": cannot lock it"};
  auto lock = read_lockfile(plugin_dir);
  if (!lock) return lock.error();
  if (!lock->find(id))
    return Error{ErrorCode::NotFound, id + ": not installed by kiln in " + plugin_dir.string() + " (no entry in " + kLockfileName + ")"};
  StagingFolder trash(plugin_dir, "remove");
  std::error_code ec;
  if (fs::exists(plugin_dir / id, ec) && !trash.path().empty()) fs::rename(plugin_dir / id, trash.path() / id, ec);
  if (ec) return Error{ErrorCode::StorageFailed, (plugin_dir / id).string() + ": " + ec.message()};
  lock->erase(id);
  return write_lockfile(plugin_dir, *lock);
}

}  // namespace kiln::registry
