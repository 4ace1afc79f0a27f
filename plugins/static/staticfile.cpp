#include "staticfile.hpp"

#include <kiln/sdk/plugin.hpp>
#include <kiln/support/relative_path.hpp>

namespace kiln::static_site {

std::optional<Staticfile> read_staticfile(const sdk::SourceTree& tree) {
  if (!tree.exists("Staticfile") || tree.is_dir("Staticfile")) return std::nullopt;
  Staticfile result;
  auto text = tree.read("Staticfile");
  if (!text) throw sdk::BuildpackError("Staticfile is not a readable file under 1 MiB");
  std::string why;
  auto doc = sdk::yaml_to_json(*text, &why);
  if (!doc) throw sdk::BuildpackError("Staticfile is not YAML: " + why);
  if (!doc->is_object()) return result;
  // Scalars as the user wrote them: `root: 2024` is a folder name, `pushstate: true` a yes.
  auto scalar = [&](const char* key) -> std::optional<std::string> {
    auto it = doc->find(key);
    if (it == doc->end() || it->is_null() || it->is_structured()) return std::nullopt;
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  if (auto root = scalar("root")) result.root = support::require_relative_path(*root, "Staticfile: root");
  if (auto pushstate = scalar("pushstate")) result.pushstate = *pushstate == "enabled" || *pushstate == "true";
  return result;
}

}  // namespace kiln::static_site
