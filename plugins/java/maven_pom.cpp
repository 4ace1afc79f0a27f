#include "maven_pom.hpp"

#include <algorithm>
#include <sstream>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <kiln/sdk/generator.hpp>

namespace kiln::java {
namespace {

using boost::property_tree::ptree;

// Real poms nest about eight deep; the XML parser recurses per level, so a
// hostile file must not get to it with thousands.
constexpr int kMaxNesting = 64;
constexpr int kMaxSubstitutions = 16;

int nesting_depth(const std::string& text) {
  int depth = 0, deepest = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '<') continue;
    char next = text[i + 1];
    if (next == '/') --depth;
    else if (next != '!' && next != '?') deepest = std::max(deepest, ++depth);
    if (next != '/' && next != '!' && next != '?') {
      auto close = text.find('>', i);
      if (close != std::string::npos && close > 0 && text[close - 1] == '/') --depth;
    }
  }
  return deepest;
}

std::string text_of(const ptree& node, const char* path) {
  auto child = node.get_optional<std::string>(path);
  return child ? *child : std::string();
}

// "${project.version}" and friends, from <properties> and the project's own fields.
std::optional<std::string> resolve(std::string value, const MavenPom& pom) {
  for (int round = 0; round < kMaxSubstitutions; ++round) {
    auto open = value.find("${");
    if (open == std::string::npos) return value;
    auto close = value.find('}', open);
    if (close == std::string::npos) return std::nullopt;
    auto key = value.substr(open + 2, close - open - 2);
    std::optional<std::string> replacement;
    if (key == "project.artifactId" || key == "pom.artifactId") replacement = pom.artifact_id;
    else if ((key == "project.version" || key == "pom.version") && pom.version) replacement = *pom.version;
    else if (auto it = pom.properties.find(key); it != pom.properties.end()) replacement = it->second;
    if (!replacement) return std::nullopt;
    value.replace(open, close - open + 1, *replacement);
  }
  return std::nullopt;
}

// Anywhere below `node` (depth is bounded by the nesting check).
bool mentions(const ptree& node, const std::string& value) {
  if (node.data() == value) return true;
  return std::any_of(node.begin(), node.end(), [&](const auto& child) { return mentions(child.second, value); });
}

void read_plugins(const ptree& plugins, MavenPom& pom) {
  for (const auto& [tag, plugin] : plugins) {
    if (tag != "plugin") continue;
    auto artifact = text_of(plugin, "artifactId");
    pom.plugins.push_back(artifact);
    if (!pom.main_class) {
      // <configuration><mainClass> (spring-boot, exec) or the jar plugin's manifest.
      for (const char* path : {"configuration.mainClass", "configuration.archive.manifest.mainClass",
                               "configuration.transformers.transformer.mainClass"})
        if (auto main = plugin.get_optional<std::string>(path)) {
          pom.main_class = *main;
          break;
        }
    }
    if (artifact == "maven-assembly-plugin" && mentions(plugin, "jar-with-dependencies"))
      pom.assembly_with_dependencies = true;
  }
}

}  // namespace

bool MavenPom::has_plugin(const std::string& artifact) const {
  return std::find(plugins.begin(), plugins.end(), artifact) != plugins.end();
}

bool MavenPom::spring_boot() const {
  if (parent_artifact_id == "spring-boot-starter-parent" || has_plugin("spring-boot-maven-plugin")) return true;
  return std::any_of(dependencies.begin(), dependencies.end(),
                     [](const std::string& d) { return d.starts_with("org.springframework.boot:"); });
}

bool MavenPom::quarkus() const {
  if (has_plugin("quarkus-maven-plugin")) return true;
  return std::any_of(dependencies.begin(), dependencies.end(), [](const std::string& d) { return d.starts_with("io.quarkus:"); });
}

std::optional<std::string> MavenPom::jar_name() const {
  auto extension = packaging == "war" ? ".war" : ".jar";
  if (final_name) return *final_name + extension;
  if (!version || artifact_id.empty()) return std::nullopt;
  return artifact_id + "-" + *version + extension;
}

std::optional<MavenPom> read_maven_pom(const sdk::SourceTree& tree, const std::string& path) {
  auto text = tree.read(path);
  if (!text) return std::nullopt;
  if (nesting_depth(*text) > kMaxNesting) throw sdk::BuildpackError(path + " nests elements too deeply to be a pom");
  ptree doc;
  try {
    std::istringstream in(*text);
    boost::property_tree::read_xml(in, doc, boost::property_tree::xml_parser::no_comments |
                                               boost::property_tree::xml_parser::trim_whitespace);
  } catch (const boost::property_tree::xml_parser_error& error) {
    throw sdk::BuildpackError(path + " is not valid XML (line " + std::to_string(error.line()) + "): " + error.message());
  }
  auto project = doc.get_child_optional("project");
  if (!project) throw sdk::BuildpackError(path + " has no <project> element");

  MavenPom pom;
  pom.artifact_id = text_of(*project, "artifactId");
  pom.parent_artifact_id = text_of(*project, "parent.artifactId");
  if (auto packaging = text_of(*project, "packaging"); !packaging.empty()) pom.packaging = packaging;
  if (auto properties = project->get_child_optional("properties"))
    for (const auto& [key, value] : *properties)
      if (key != "<xmlattr>") pom.properties[key] = value.data();
  auto version = text_of(*project, "version");
  if (version.empty()) version = text_of(*project, "parent.version");  // inherited
  if (!version.empty()) pom.version = resolve(version, pom);
  if (auto final_name = text_of(*project, "build.finalName"); !final_name.empty()) pom.final_name = resolve(final_name, pom);
  if (auto dependencies = project->get_child_optional("dependencies"))
    for (const auto& [tag, dependency] : *dependencies)
      if (tag == "dependency")
        pom.dependencies.push_back(text_of(dependency, "groupId") + ":" + text_of(dependency, "artifactId"));
  if (auto plugins = project->get_child_optional("build.plugins")) read_plugins(*plugins, pom);
  if (auto modules = project->get_child_optional("modules"))
    for (const auto& [tag, module] : *modules)
      if (tag == "module") pom.modules.push_back(module.data());
  if (!pom.main_class)
    for (const char* key : {"start-class", "main.class", "mainClass", "exec.mainClass"})
      if (auto it = pom.properties.find(key); it != pom.properties.end()) {
        pom.main_class = it->second;
        break;
      }
  if (pom.main_class) pom.main_class = resolve(*pom.main_class, pom);
  return pom;
}

}  // namespace kiln::java
