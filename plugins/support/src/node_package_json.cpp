#include "kiln/support/node_package_json.hpp"

#include <kiln/sdk/generator.hpp>

namespace kiln::support {
namespace {

constexpr std::string_view kDependencySections[] = {"dependencies", "devDependencies", "optionalDependencies"};

const nlohmann::json* object_member(const nlohmann::json& doc, std::string_view key) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_object()) return nullptr;
  return &*it;
}

std::optional<std::string> string_member(const nlohmann::json* object, std::string_view key) {
  if (!object) return std::nullopt;
  auto it = object->find(key);
  if (it == object->end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::optional<PackageJson> PackageJson::load(const sdk::SourceTree& tree, std::string_view path) {
  auto text = tree.read(path);
  if (!text) {
    // Absent or a folder: not a Node project. Present but unreadable: a broken one.
    if (!tree.exists(path) || tree.is_dir(path)) return std::nullopt;
    throw sdk::BuildpackError(std::string(path) + " could not be read: it is not a regular file or is larger than " +
                              std::to_string(sdk::kDefaultReadCap >> 20) + " MiB");
  }
  return parse(*text, path);
}

PackageJson PackageJson::parse(std::string_view text, std::string_view path) {
  nlohmann::json doc;
  try {
    // package.json is strict JSON: npm itself rejects comments, so we do too.
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // what() reads "[json.exception.parse_error.101] parse error at line 2, ..."; keep the part after the tag.
    std::string_view detail = e.what();
    if (auto tag_end = detail.find("] "); detail.starts_with("[") && tag_end != std::string_view::npos)
      detail.remove_prefix(tag_end + 2);
    throw sdk::BuildpackError(std::string(path) + " is not valid JSON: " + std::string(detail));
  }
  if (!doc.is_object()) throw sdk::BuildpackError(std::string(path) + " must hold a JSON object, found " + doc.type_name());
  return PackageJson(std::move(doc));
}

bool PackageJson::depends_on(std::string_view package) const {
  for (auto section : kDependencySections)
    if (auto* deps = object_member(doc_, section); deps && deps->contains(package)) return true;
  return false;
}

bool PackageJson::depends_on_any_starting_with(std::string_view prefix) const {
  for (auto section : kDependencySections) {
    auto* deps = object_member(doc_, section);
    if (!deps) continue;
    // Keys are sorted, so the first key not below the prefix decides.
    const auto& names = deps->get_ref<const nlohmann::json::object_t&>();
    auto it = names.lower_bound(prefix);
    if (it != names.end() && std::string_view(it->first).starts_with(prefix)) return true;
  }
  return false;
}

std::optional<std::string> PackageJson::script(std::string_view name) const {
  return string_member(object_member(doc_, "scripts"), name);
}

std::optional<std::string> PackageJson::text(std::string_view key) const { return string_member(&doc_, key); }

std::optional<std::string> PackageJson::engine(std::string_view name) const {
  return string_member(object_member(doc_, "engines"), name);
}

bool PackageJson::declares_workspaces() const {
  auto it = doc_.find("workspaces");
  // npm and yarn take an array; yarn classic also takes {"packages": [...]}.
  return it != doc_.end() && ((it->is_array() && !it->empty()) || it->is_object());
}

std::vector<std::string> PackageJson::workspace_patterns() const {
  std::vector<std::string> out;
  auto it = doc_.find("workspaces");
  if (it == doc_.end()) return out;
  const nlohmann::json* list = &*it;
  if (it->is_object()) {
    auto packages = it->find("packages");
    if (packages == it->end()) return out;
    list = &*packages;
  }
  if (list->is_array())
    for (const auto& p : *list)
      if (p.is_string()) out.push_back(p.get<std::string>());
  return out;
}

}  // namespace kiln::support
