#include "staticfile.hpp"

#include <yaml-cpp/yaml.h>

#include <kiln/sdk/plugin.hpp>
#include <kiln/support/relative_path.hpp>

namespace kiln::static_site {

std::optional<Staticfile> read_staticfile(const sdk::SourceTree& tree) {
  if (!tree.exists("Staticfile") || tree.is_dir("Staticfile")) return std::nullopt;
  Staticfile result;
  auto text = tree.read("Staticfile");
  if (!text) throw sdk::BuildpackError("Staticfile is not a readable file under 1 MiB");
  YAML::Node doc;
  try {
    doc = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    throw sdk::BuildpackError("Staticfile is not YAML: " + std::string(e.what()));
  }
  if (!doc.IsMap()) return result;
  if (auto root = doc["root"]; root && root.IsScalar())
    result.root = support::require_relative_path(root.as<std::string>(), "Staticfile: root");
  if (auto pushstate = doc["pushstate"]; pushstate && pushstate.IsScalar())
    result.pushstate = pushstate.as<std::string>() == "enabled" || pushstate.as<std::string>() == "true";
  return result;
}

}  // namespace kiln::static_site
