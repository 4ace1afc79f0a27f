#pragma once
// package.json, read the way a hostile tree deserves: size-capped, parsed once,
// and every field type-checked before use (a "scripts" that is a number is simply absent).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

class PackageJson {
 public:
  // nullopt when the tree has no package.json file. Throws sdk::BuildpackError
  // naming the file when it is too large, not JSON, or not a JSON object.
  static std::optional<PackageJson> load(const sdk::SourceTree& tree, std::string_view path = "package.json");
  // Throws sdk::BuildpackError naming `path` unless `text` is a JSON object.
  static PackageJson parse(std::string_view text, std::string_view path = "package.json");

  // Listed in dependencies, devDependencies or optionalDependencies.
  bool depends_on(std::string_view package) const;
  // Any listed dependency whose name starts with `prefix`, e.g. "@remix-run/".
  bool depends_on_any_starting_with(std::string_view prefix) const;
  std::optional<std::string> script(std::string_view name) const;
  // A top-level string field: "main", "packageManager", "type", ...
  std::optional<std::string> text(std::string_view key) const;
  // engines.<name>, e.g. engines.node.
  std::optional<std::string> engine(std::string_view name) const;
  bool declares_workspaces() const;
  // The "workspaces" globs (an array, or yarn classic's {"packages": [...]}), strings only.
  std::vector<std::string> workspace_patterns() const;

 private:
  explicit PackageJson(nlohmann::json document) : doc_(std::move(document)) {}
  nlohmann::json doc_;
};

}  // namespace kiln::support
