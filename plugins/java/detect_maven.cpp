#include "detect_maven.hpp"

#include <kiln/sdk/generator.hpp>
#include <kiln/support/relative_path.hpp>

#include "java_facts.hpp"
#include "maven_pom.hpp"

namespace kiln::java {
namespace {

constexpr std::size_t kMaxModules = 32;

std::optional<std::string> java_version(const MavenPom& pom) {
  for (const char* key : {"java.version", "maven.compiler.release", "maven.compiler.source", "maven.compiler.target"})
    if (auto it = pom.properties.find(key); it != pom.properties.end()) return it->second.substr(0, 32);
  return std::nullopt;
}

bool runnable(const MavenPom& pom) {
  return pom.spring_boot() || pom.quarkus() || pom.has_plugin("maven-shade-plugin") || pom.assembly_with_dependencies || pom.main_class;
}

// The module of a multi-module build that is the application: the first
// runnable one, Spring Boot first.
std::optional<std::pair<std::string, MavenPom>> app_module(const sdk::SourceTree& tree, const MavenPom& root) {
  std::optional<std::pair<std::string, MavenPom>> fallback;
  std::size_t looked = 0;
  for (const auto& module : root.modules) {
    if (++looked > kMaxModules) break;
    auto dir = support::normalize_relative_path(module);
    if (!dir || *dir == ".") continue;
    auto pom = read_maven_pom(tree, *dir + "/pom.xml");
    if (!pom) continue;
    if (pom->spring_boot() && pom->packaging != "pom") return std::make_pair(*dir, *pom);
    if (!fallback && runnable(*pom) && pom->packaging != "pom") fallback = std::make_pair(*dir, *pom);
  }
  return fallback;
}

void describe_launch(const MavenPom& pom, JavaFacts& facts) {
  facts.jar = pom.jar_name();
  if (pom.spring_boot()) {
    facts.launch = Launch::boot_jar;
  } else if (pom.quarkus()) {
    facts.launch = Launch::quarkus_app;  // Quarkus's default package type
  } else if (pom.has_plugin("maven-shade-plugin")) {
    facts.launch = Launch::fat_jar;  // the shaded jar replaces the main one
  } else if (pom.assembly_with_dependencies) {
    facts.launch = Launch::fat_jar;
    auto base = pom.final_name ? pom.final_name : (pom.version ? std::optional(pom.artifact_id + "-" + *pom.version) : std::nullopt);
    facts.jar = base ? std::optional(*base + "-jar-with-dependencies.jar") : std::nullopt;
  } else if (pom.main_class) {
    facts.launch = Launch::class_path;
    facts.main_class = pom.main_class;
  }
}

}  // namespace

std::optional<sdk::Detection> detect_maven(const sdk::SourceTree& tree) {
  if (!tree.exists("pom.xml")) return std::nullopt;
  sdk::Detection detection;
  detection.pass = true;
  detection.language = "java";
  detection.package_manager = "maven";
  detection.evidence.emplace_back("pom.xml");
  detection.score = 40;
  JavaFacts facts;
  facts.build_tool = "maven";
  facts.wrapper = tree.exists("mvnw") && tree.exists(".mvn/wrapper/maven-wrapper.properties");
  if (facts.wrapper) detection.evidence.emplace_back("mvnw");
  try {
    auto root = read_maven_pom(tree, "pom.xml");
    if (!root) return std::nullopt;
    facts.java_version = java_version(*root);
    MavenPom app = *root;
    if (!root->modules.empty()) {
      auto module = app_module(tree, *root);
      if (!module) {
        facts.error = "pom.xml is a multi-module build and none of its modules looks like an application "
                      "(Spring Boot, Quarkus, shade, jar-with-dependencies or a mainClass)";
        detection.facts = facts;
        return detection;
      }
      facts.module = module->first;
      app = module->second;
      detection.evidence.push_back(module->first + "/pom.xml");
      if (!facts.java_version) facts.java_version = java_version(app);
    } else {
      // One module: the dependency layer needs only the pom (and the wrapper).
      facts.dependency_inputs = {"pom.xml"};
      if (facts.wrapper) facts.dependency_inputs.insert(facts.dependency_inputs.end(), {"mvnw", ".mvn/wrapper/maven-wrapper.properties"});
    }
    facts.output_dir = facts.module ? *facts.module + "/target" : "target";
    describe_launch(app, facts);
    // A launch we know (not a jar we hope has a Main-Class) is a certain entry point.
    detection.score = facts.launch == Launch::plain_jar ? 70 : 80;
    if (app.spring_boot()) detection.framework = "spring-boot";
    else if (app.quarkus()) detection.framework = "quarkus";
  } catch (const sdk::BuildpackError& error) {
    facts.error = error.what();
  }
  detection.facts = facts;
  return detection;
}

}  // namespace kiln::java
