#pragma once
// What a Gradle build says, read as text: build scripts are programs (Groovy
// or Kotlin), so only the common declarative spellings are recognised.
#include <optional>
#include <string>

#include <kiln/sdk/source.hpp>

namespace kiln::java {

struct GradleBuild {
  std::string build_file;                     // build.gradle or build.gradle.kts
  std::optional<std::string> settings_file;
  bool spring_boot = false;                   // the org.springframework.boot plugin
  bool application = false;                   // the application plugin
  bool multi_project = false;                 // settings.gradle includes sub-projects
  bool wrapper = false;                       // gradlew with its jar and properties
  std::optional<std::string> root_project_name;
  std::optional<std::string> application_name;
  std::optional<std::string> version;
  std::optional<std::string> main_class;
  std::optional<std::string> java_version;

  // The project's name inside the build stage: rootProject.name, else the folder (/app).
  std::string project_name() const { return root_project_name.value_or("app"); }
};

// nullopt when there is neither build.gradle nor build.gradle.kts.
std::optional<GradleBuild> read_gradle_build(const sdk::SourceTree& tree);

}  // namespace kiln::java
