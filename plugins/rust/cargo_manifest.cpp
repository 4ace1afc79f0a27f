#include "cargo_manifest.hpp"

#include <algorithm>

#include <kiln/support/relative_path.hpp>
#include <kiln/support/toml_file.hpp>

namespace kiln::rust {
namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kMaxTargets = 64;

std::string in_dir(const std::string& dir, const std::string& path) { return support::join_relative_path(dir, path); }

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// Where Cargo looks for a target declared without a path.
std::string default_target_path(const std::string& kind, const std::string& name, const std::string& package) {
  if (kind == "bin") return name == package ? "src/main.rs" : "src/bin/" + name + ".rs";
  if (kind == "example") return "examples/" + name + ".rs";
  if (kind == "test") return "tests/" + name + ".rs";
  return "benches/" + name + ".rs";
}

bool auto_discovery(const nlohmann::json& package, const char* key) {
  auto it = package.find(key);
  return it == package.end() || !it->is_boolean() || it->get<bool>();
}

std::vector<std::string> string_list(const nlohmann::json* node) {
  std::vector<std::string> out;
  if (!node || !node->is_array()) return out;
  for (const auto& item : *node)
    if (item.is_string() && out.size() < kMaxTargets) out.push_back(item.get<std::string>());
  return out;
}

CargoPackage read_package(const sdk::SourceTree& tree, const std::string& dir, const nlohmann::json& doc) {
  const auto& package = doc.at("package");
  CargoPackage out;
  out.dir = dir;
  out.name = package.value("name", std::string());
  if (auto it = package.find("default-run"); it != package.end() && it->is_string()) out.default_run = it->get<std::string>();
  if (auto it = package.find("rust-version"); it != package.end() && it->is_string()) out.rust_version = it->get<std::string>();
  if (auto* deps = support::json_at(doc, {"dependencies"}); deps && deps->is_object())
    for (const auto& [name, spec] : deps->items()) out.dependencies.insert(name);

  // Cargo refuses a manifest with no target at all, so src/main.rs is always a
  // stub candidate; it is only ever created when missing, and removed again.
  add_unique(out.required_target_files, in_dir(dir, "src/main.rs"));
  if (auto* lib = support::json_at(doc, {"lib"}); lib && lib->is_object() && !lib->contains("path"))
    add_unique(out.required_target_files, in_dir(dir, "src/lib.rs"));
  for (const char* kind : {"bin", "example", "test", "bench"}) {
    auto* targets = support::json_at(doc, {kind});
    if (!targets || !targets->is_array()) continue;
    for (const auto& target : *targets) {
      if (!target.is_object() || out.required_target_files.size() >= kMaxTargets) continue;
      auto name = target.value("name", std::string());
      if (!valid_cargo_name(name)) continue;
      if (std::string(kind) == "bin") add_unique(out.binaries, name);
      if (!target.contains("path"))
        if (auto path = support::normalize_relative_path(in_dir(dir, default_target_path(kind, name, out.name))))
          add_unique(out.required_target_files, *path);
    }
  }
  if (auto_discovery(package, "autobins")) {
    if (tree.exists(in_dir(dir, "src/main.rs")) && valid_cargo_name(out.name)) add_unique(out.binaries, out.name);
    for (const auto& entry : tree.list(in_dir(dir, "src/bin"))) {
      if (out.binaries.size() >= kMaxTargets) break;
      auto name = entry.ends_with(".rs") ? entry.substr(0, entry.size() - 3)
                  : entry.ends_with("/") && tree.exists(in_dir(dir, "src/bin/" + entry + "main.rs"))
                      ? entry.substr(0, entry.size() - 1)
                      : std::string();
      if (valid_cargo_name(name)) add_unique(out.binaries, name);
    }
  }
  return out;
}

}  // namespace

bool valid_cargo_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::optional<CargoManifest> read_cargo_manifest(const sdk::SourceTree& tree, const std::string& dir) {
  auto doc = support::read_toml_file(tree, in_dir(dir, "Cargo.toml"));
  if (!doc) return std::nullopt;
  CargoManifest manifest;
  if (auto* package = support::json_at(*doc, {"package"}); package && package->is_object())
    manifest.package = read_package(tree, dir, *doc);
  manifest.members = string_list(support::json_at(*doc, {"workspace", "members"}));
  manifest.default_members = string_list(support::json_at(*doc, {"workspace", "default-members"}));
  return manifest;
}

}  // namespace kiln::rust
