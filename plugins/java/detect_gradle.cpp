#include "detect_gradle.hpp"

#include "gradle_build.hpp"
#include "java_facts.hpp"

namespace kiln::java {

std::optional<sdk::Detection> detect_gradle(const sdk::SourceTree& tree) {
  auto build = read_gradle_build(tree);
  if (!build) return std::nullopt;
  sdk::Detection detection;
  detection.pass = true;
  detection.language = "java";
  detection.package_manager = "gradle";
  detection.evidence.push_back(build->build_file);
  if (build->settings_file) detection.evidence.push_back(*build->settings_file);
  if (build->wrapper) detection.evidence.emplace_back("gradlew");

  JavaFacts facts;
  facts.build_tool = "gradle";
  facts.wrapper = build->wrapper;
  facts.java_version = build->java_version;
  facts.output_dir = "build/libs";
  if (!build->multi_project) {
    // Sub-project scripts are not inputs, so only a single project gets a dependency layer.
    facts.dependency_inputs.push_back(build->build_file);
    if (build->settings_file) facts.dependency_inputs.push_back(*build->settings_file);
    for (auto file : {"gradle.properties", "gradle/libs.versions.toml"})
      if (tree.exists(file)) facts.dependency_inputs.emplace_back(file);
    if (build->wrapper)
      facts.dependency_inputs.insert(facts.dependency_inputs.end(), {"gradlew", "gradle/wrapper/gradle-wrapper.jar",
                                                                     "gradle/wrapper/gradle-wrapper.properties"});
  }
  detection.score = 65;
  if (build->spring_boot) {
    facts.launch = Launch::boot_jar;
    detection.framework = "spring-boot";
    if (build->version) facts.jar = build->project_name() + "-" + *build->version + ".jar";
    detection.score = 80;
  } else if (build->application) {
    facts.launch = Launch::install_dist;
    facts.app_name = build->application_name.value_or(build->project_name());
    facts.main_class = build->main_class;
    detection.score = 80;
  }
  detection.facts = facts;
  return detection;
}

}  // namespace kiln::java
