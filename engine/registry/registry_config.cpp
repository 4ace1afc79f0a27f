#include "registry/registry_config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "core/toml_document.hpp"
#include "core/user_data_dirs.hpp"
#include "registry/ed25519_keys.hpp"

namespace kiln::registry {
namespace fs = std::filesystem;

bool RegistrySettings::is_http() const { return location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0; }

fs::path RegistrySettings::folder() const {
  if (location.rfind("file://", 0) == 0) return location.substr(7);
  return location;
}

Result<RegistrySettings> RegistryConfig::find(const std::string& name) const {
  auto it = registries.find(name);
  if (it != registries.end()) return it->second;
  std::string known;
  for (const auto& [n, r] : registries) known += (known.empty() ? "" : ", ") + n;
  return Error{ErrorCode::InvalidConfig, "no registry named '" + name + "' in " + file.string() +
                                             (known.empty() ? " (add one: kiln registry add NAME DIR|URL)" : " (it has " + known + ")")};
}

fs::path registry_config_file() {
  if (const char* file = std::getenv("KILN_REGISTRY_CONFIG"); file && *file) return file;
  auto dir = user_config_dir();
  return (dir ? *dir : fs::current_path()) / "registries.toml";
}

Result<RegistryConfig> read_registry_config(const fs::path& file) {
  RegistryConfig config{file, {}};
  std::error_code ec;
  if (!fs::exists(file, ec)) return config;
  auto text = read_whole_file(file);
  if (!text) return text.error();
  auto document = parse_toml_document(*text, file.string());
  if (!document) return document.error();
  const auto* registries = document->get("registries");
  if (!registries) return config;
  if (!registries->is_table()) return config_error_at(file.string(), *registries, "registries must be a table");
  for (const auto& [name, node] : *registries->as_table()) {
    const auto* table = node.as_table();
    if (!table) return config_error_at(file.string(), node, "registries." + std::string(name.str()) + " must be a table");
    RegistrySettings settings{std::string(name.str()), table->get_as<std::string>("location") ? table->get_as<std::string>("location")->get() : "", {}};
    if (settings.location.empty()) return config_error_at(file.string(), node, "registries." + settings.name + " needs a location");
    if (const auto* trust = table->get_as<toml::array>("trust"))
      for (const auto& key : *trust)
        if (auto text = key.value<std::string>()) settings.trust.push_back(*text);
    config.registries[settings.name] = std::move(settings);
  }
  return config;
}

Status write_registry_config(const RegistryConfig& config) {
  toml::table registries;
  for (const auto& [name, r] : config.registries) {
    toml::array trust;
    for (const auto& key : r.trust) trust.push_back(key);
    registries.insert(name, toml::table{{"location", r.location}, {"trust", trust}});
  }
  std::ostringstream text;
  text << "# kiln's buildpack registries (kiln registry add NAME DIR|URL [--trust KEY.pub])\n"
       << toml::table{{"registries", registries}} << "\n";
  std::error_code ec;
  fs::create_directories(config.file.parent_path(), ec);
  const fs::path partial = config.file.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    out << text.str();
    if (!out.flush()) return Error{ErrorCode::StorageFailed, partial.string() + ": cannot write"};
  }
  fs::rename(partial, config.file, ec);
  if (ec) return Error{ErrorCode::StorageFailed, config.file.string() + ": " + ec.message()};
  return Ok{};
}

}  // namespace kiln::registry
