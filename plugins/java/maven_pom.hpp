#pragma once
// What a pom.xml says that matters for building and running it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/source.hpp>

namespace kiln::java {

struct MavenPom {
  std::string artifact_id;
  std::optional<std::string> version;      // properties resolved; nullopt if still a ${...}
  std::string packaging = "jar";
  std::optional<std::string> final_name;   // <build><finalName>, resolved
  std::string parent_artifact_id;
  std::vector<std::string> plugins;        // artifactIds under <build><plugins>
  std::vector<std::string> dependencies;   // "groupId:artifactId"
  std::vector<std::string> modules;        // <modules><module>
  std::map<std::string, std::string> properties;
  std::optional<std::string> main_class;   // the first <mainClass> in the build section
  bool assembly_with_dependencies = false; // maven-assembly-plugin's jar-with-dependencies

  bool has_plugin(const std::string& artifact) const;
  bool spring_boot() const;
  bool quarkus() const;  // the quarkus-maven-plugin or an io.quarkus dependency
  // The jar `mvn package` leaves in target/, when the pom names it for certain.
  std::optional<std::string> jar_name() const;
};

// nullopt when the file is absent. Throws BuildpackError naming the file when
// it is not XML, nests absurdly deep, or has no <project>.
std::optional<MavenPom> read_maven_pom(const sdk::SourceTree& tree, const std::string& path);

}  // namespace kiln::java
