#include "plan_java.hpp"

#include <cctype>

#include <kiln/sdk/generator.hpp>
#include <kiln/support/relative_path.hpp>

namespace kiln::java {
namespace {

constexpr const char* kJar = "/app/app.jar";
constexpr const char* kLib = "/app/lib";
constexpr const char* kQuarkusApp = "/app/quarkus-app";

// com.example.App: Java identifiers and dots, nothing a shell or java would misread.
bool qualified_name(const std::string& name) {
  if (name.empty() || name.size() > 256 || name.front() == '.' || name.back() == '.') return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '$') return false;
  return name.find('$') == std::string::npos;
}

// Maven's own or the project's wrapper; Gradle's wrapper, or the stack's gradle
// (the java stack has none, so the plan installs Debian's). "./": Maven
// Wrapper 3.3's script finds .mvn/ from the directory part of $0.
std::string tool(const JavaFacts& facts) {
  if (facts.build_tool == "maven") return facts.wrapper ? "sh ./mvnw -B -ntp" : "mvn -B -ntp";
  return facts.wrapper ? "sh gradlew --no-daemon" : "gradle --no-daemon";
}

// Copies the built jar to /app/app.jar: by name when the build files fix it,
// else the one jar in the output folder that is not sources, javadoc, tests or plain.
std::string copy_jar(const JavaFacts& facts) {
  auto dir = support::require_relative_path(facts.output_dir, "Java build output folder");
  if (facts.jar)
    if (auto path = support::normalize_relative_path(dir + "/" + *facts.jar)) return "cp " + *path + " " + kJar;
  return "cp \"$(ls " + dir + "/*.jar | grep -v -e '-sources\\.jar$' -e '-javadoc\\.jar$' -e '-tests\\.jar$' " +
         "-e '-plain\\.jar$' -e '/original-' | head -n 1)\" " + kJar;
}

sdk::Phase dependency_phase(const JavaFacts& facts) {
  sdk::Phase phase{"dependencies", facts.dependency_inputs, {}, {}};
  if (facts.build_tool == "maven") {
    phase.commands.push_back(tool(facts) + " dependency:go-offline");
    phase.cache_paths.emplace_back("/root/.m2/repository");
  } else {
    phase.commands.push_back(tool(facts) + " -q dependencies --configuration runtimeClasspath > /dev/null");
    phase.cache_paths.emplace_back("/root/.gradle/caches");
  }
  return phase;
}

std::vector<std::string> maven_build(const JavaFacts& facts) {
  std::string scope;
  if (facts.module) scope = " -pl " + support::require_relative_path(*facts.module, "Maven module") + " -am";
  std::vector<std::string> commands{tool(facts) + scope + " -DskipTests package"};
  // A Quarkus app is a folder, carried whole (plan_java); a jar is copied to one known path.
  if (facts.launch != Launch::quarkus_app) commands.push_back(copy_jar(facts));
  if (facts.launch == Launch::class_path)
    commands.push_back(tool(facts) + (facts.module ? " -pl " + *facts.module : std::string()) +
                       " dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=" + kLib);
  return commands;
}

std::vector<std::string> gradle_build(const JavaFacts& facts) {
  if (facts.launch == Launch::boot_jar) return {tool(facts) + " bootJar", copy_jar(facts)};
  if (facts.launch == Launch::install_dist) return {tool(facts) + " installDist"};
  return {tool(facts) + " build -x test", copy_jar(facts)};
}

// A program the repository holds already: the JRE runs it as it is.
sdk::BuildPlan plan_prebuilt(const JavaFacts& facts, sdk::BuildPlan plan) {
  plan.package_manager.reset();
  plan.build_image = sdk::BaseImage::of_runtime("java-runtime");
  if (facts.launch == Launch::prebuilt_jar) {
    // No telling from outside whether the jar is Spring Boot, which reads server.port, never PORT;
    // other programs ignore the property.
    plan.start.shell = "java -Dserver.port=${PORT:-8080} -jar " +
                       support::require_relative_path(facts.jar.value_or(""), "prebuilt jar");
  } else {
    auto main = facts.main_class.value_or("");
    if (!qualified_name(main)) throw sdk::BuildpackError("Main-Class '" + main.substr(0, 64) + "' of META-INF/MANIFEST.MF is not a class name");
    plan.start.argv = {"java", "-cp", plan.workdir, main};
  }
  return plan;
}

}  // namespace

sdk::BuildPlan plan_java(const JavaFacts& facts, const std::optional<std::string>& framework) {
  if (facts.error) throw sdk::BuildpackError(*facts.error);
  sdk::BuildPlan plan;
  plan.buildpack = "kiln.java";
  plan.language = "java";
  plan.framework = framework;
  plan.package_manager = facts.build_tool;
  plan.build_image = sdk::BaseImage::of_runtime("java");  // the versions: java_runtime
  plan.run_image = sdk::BaseImage::of_runtime("java-runtime");
  plan.port = 8080;
  if (facts.launch == Launch::prebuilt_jar || facts.launch == Launch::exploded_jar) return plan_prebuilt(facts, plan);
  if (facts.build_tool == "gradle" && !facts.wrapper) plan.build_packages = {"gradle"};
  if (!facts.dependency_inputs.empty()) plan.phases.push_back(dependency_phase(facts));
  plan.phases.push_back({"build", {}, facts.build_tool == "maven" ? maven_build(facts) : gradle_build(facts), {}});

  switch (facts.launch) {
    case Launch::boot_jar:
      plan.artifacts.push_back({kJar, kJar});
      // Spring Boot ignores $PORT; server.port is how it is told.
      plan.start.shell = std::string("java -Dserver.port=${PORT:-8080} -jar ") + kJar;
      break;
    case Launch::class_path: {
      auto main = facts.main_class.value_or("");
      if (!qualified_name(main)) throw sdk::BuildpackError("Java main class '" + main.substr(0, 64) + "' is not a class name");
      plan.artifacts.push_back({kJar, kJar});
      plan.artifacts.push_back({kLib, kLib});
      // java expands the lib/* wildcard itself; no shell needed.
      plan.start.argv = {"java", "-cp", std::string(kJar) + ":" + kLib + "/*", main};
      break;
    }
    case Launch::quarkus_app: {
      // quarkus-run.jar finds lib/, app/ and quarkus/ beside it: the folder travels as it is.
      auto built = "/app/" + support::require_relative_path(facts.output_dir, "Java build output folder") + "/quarkus-app";
      plan.artifacts.push_back({built, kQuarkusApp});
      // Quarkus reads quarkus.http.port (QUARKUS_HTTP_PORT), never PORT.
      plan.start.shell = std::string("java -Dquarkus.http.host=0.0.0.0 -Dquarkus.http.port=${PORT:-8080} -jar ") +
                         kQuarkusApp + "/quarkus-run.jar";
      break;
    }
    case Launch::install_dist: {
      auto name = support::require_relative_path(facts.app_name, "Gradle application name");
      if (name.find('/') != std::string::npos) throw sdk::BuildpackError("Gradle application name '" + name + "' has a '/'");
      auto installed = "/app/" + name;
      plan.artifacts.push_back({"/app/build/install/" + name, installed});
      plan.start.argv = {installed + "/bin/" + name};
      break;
    }
    case Launch::prebuilt_jar:
    case Launch::exploded_jar:  // planned above, with nothing to build
    case Launch::fat_jar:
    case Launch::plain_jar:
      plan.artifacts.push_back({kJar, kJar});
      plan.start.argv = {"java", "-jar", kJar};
      break;
  }
  return plan;
}

}  // namespace kiln::java
