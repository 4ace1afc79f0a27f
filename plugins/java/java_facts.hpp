#pragma once
// What detect() learned about a JVM project, carried to generate() in Detection::facts.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiln::java {

// How the built program runs, which decides what the build copies out.
enum class Launch {
  boot_jar,      // Spring Boot's executable jar: java -jar
  fat_jar,       // shade / jar-with-dependencies: java -jar
  class_path,    // a thin jar plus its dependencies in lib/: java -cp ... Main
  install_dist,  // Gradle's application plugin: build/install/<name>/bin/<name>
  plain_jar,     // a jar we hope names its Main-Class
  prebuilt_jar,  // a jar the repository holds already: java -jar, nothing to build
  exploded_jar,  // an unpacked jar at the root: java -cp /app <its Main-Class>
  quarkus_app,   // Quarkus's fast-jar: target/quarkus-app/quarkus-run.jar beside its lib/ app/ quarkus/
};

struct JavaFacts {
  std::string build_tool;                    // maven, gradle, or none (a prebuilt program)
  bool wrapper = false;                      // use the project's mvnw / gradlew
  std::vector<std::string> dependency_inputs;  // empty: no dependency layer
  std::optional<std::string> module;         // Maven module holding the app
  std::string output_dir;                    // target, <module>/target, build/libs
  std::optional<std::string> jar;            // file name in output_dir, when certain; a prebuilt jar's path
  Launch launch = Launch::plain_jar;
  std::optional<std::string> main_class;
  std::string app_name;                      // Gradle install_dist: the script's name
  std::optional<std::string> java_version;
  std::optional<std::string> error;
};

NLOHMANN_JSON_SERIALIZE_ENUM(Launch, {{Launch::plain_jar, "plain_jar"},
                                      {Launch::boot_jar, "boot_jar"},
                                      {Launch::fat_jar, "fat_jar"},
                                      {Launch::class_path, "class_path"},
                                      {Launch::install_dist, "install_dist"},
                                      {Launch::prebuilt_jar, "prebuilt_jar"},
                                      {Launch::exploded_jar, "exploded_jar"},
                                      {Launch::quarkus_app, "quarkus_app"}})

inline void to_json(nlohmann::json& j, const JavaFacts& f) {
  j = {{"build_tool", f.build_tool}, {"wrapper", f.wrapper}, {"dependency_inputs", f.dependency_inputs},
       {"output_dir", f.output_dir}, {"launch", f.launch}, {"app_name", f.app_name}};
  if (f.module) j["module"] = *f.module;
  if (f.jar) j["jar"] = *f.jar;
  if (f.main_class) j["main_class"] = *f.main_class;
  if (f.java_version) j["java_version"] = *f.java_version;
  if (f.error) j["error"] = *f.error;
}

inline void from_json(const nlohmann::json& j, JavaFacts& f) {
  auto get = [&](const char* key, std::optional<std::string>& out) {
    if (auto it = j.find(key); it != j.end() && it->is_string()) out = it->get<std::string>();
  };
  f.build_tool = j.value("build_tool", std::string("maven"));
  f.wrapper = j.value("wrapper", false);
  f.dependency_inputs = j.value("dependency_inputs", std::vector<std::string>{});
  f.output_dir = j.value("output_dir", std::string("target"));
  f.launch = j.value("launch", Launch::plain_jar);
  f.app_name = j.value("app_name", std::string("app"));
  get("module", f.module);
  get("jar", f.jar);
  get("main_class", f.main_class);
  get("java_version", f.java_version);
  get("error", f.error);
}

}  // namespace kiln::java
