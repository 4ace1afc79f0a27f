#include "registry/install_lockfile.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "registry/ed25519_keys.hpp"

namespace kiln::registry {
namespace fs = std::filesystem;

const LockedBuildpack* Lockfile::find(const std::string& id) const {
  for (const auto& b : buildpacks)
    if (b.id == id) return &b;
  return nullptr;
}

void Lockfile::put(LockedBuildpack locked) {
  erase(locked.id);
  buildpacks.push_back(std::move(locked));
  std::sort(buildpacks.begin(), buildpacks.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
}

void Lockfile::erase(const std::string& id) {
  std::erase_if(buildpacks, [&](const LockedBuildpack& b) { return b.id == id; });
}

Result<Lockfile> read_lockfile(const fs::path& plugin_dir) {
  const auto file = plugin_dir / kLockfileName;
  Lockfile lockfile;
  std::error_code ec;
  if (!fs::exists(file, ec)) return lockfile;
  auto text = read_whole_file(file);
  if (!text) return text.error();
  auto json = nlohmann::json::parse(*text, nullptr, false);
  auto bad = Error{ErrorCode::InvalidConfig, file.string() + ": not a kiln lockfile (version 1)"};
  if (!json.is_object() || json.value("lockfile", 0) != 1 || !json.contains("buildpacks") || !json["buildpacks"].is_array())
    return bad;
  for (const auto& b : json["buildpacks"]) {
    if (!b.is_object()) return bad;
    auto text_of = [&](const char* key) { return b.contains(key) && b[key].is_string() ? b[key].get<std::string>() : std::string{}; };
    LockedBuildpack locked{text_of("id"), text_of("version"), text_of("range"), text_of("sha256"), text_of("registry")};
    if (locked.id.empty() || locked.version.empty() || locked.sha256.empty()) return bad;
    lockfile.buildpacks.push_back(std::move(locked));
  }
  return lockfile;
}

Status write_lockfile(const fs::path& plugin_dir, const Lockfile& lockfile) {
  auto list = nlohmann::json::array();
  for (const auto& b : lockfile.buildpacks)
    list.push_back({{"id", b.id}, {"version", b.version}, {"range", b.range}, {"sha256", b.sha256}, {"registry", b.registry}});
  const auto file = plugin_dir / kLockfileName;
  const fs::path partial = file.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    out << nlohmann::json{{"lockfile", 1}, {"buildpacks", list}}.dump(2) << "\n";
    if (!out.flush()) return Error{ErrorCode::StorageFailed, partial.string() + ": cannot write"};
  }
  std::error_code ec;
  fs::rename(partial, file, ec);
  if (ec) return Error{ErrorCode::StorageFailed, file.string() + ": " + ec.message()};
  return Ok{};
}

}  // namespace kiln::registry
