#include "detect_prebuilt.hpp"

#include <sstream>

#include <kiln/support/relative_path.hpp>

#include "java_facts.hpp"

namespace kiln::java {
namespace {

constexpr std::size_t kMaxManifestBytes = 64 * 1024;

// Jars that are not the program: sources, docs, tests, Gradle's wrapper.
bool runnable_jar(const std::string& path) {
  for (const char* suffix : {"-sources.jar", "-javadoc.jar", "-tests.jar", "-plain.jar"})
    if (path.ends_with(suffix)) return false;
  return path.find("gradle-wrapper") == std::string::npos && path.find("/original-") == std::string::npos;
}

// The one runnable jar of the first folder that has any; several in one folder: no telling which.
std::optional<std::string> prebuilt_jar(const sdk::SourceTree& tree) {
  for (const char* pattern : {"*.jar", "target/*.jar", "build/libs/*.jar"}) {
    std::vector<std::string> jars;
    for (const auto& path : tree.glob(pattern))
      if (runnable_jar(path)) jars.push_back(path);
    if (jars.size() == 1) return support::normalize_relative_path(jars.front());
    if (!jars.empty()) return std::nullopt;
  }
  return std::nullopt;
}

// "Main-Class: com.example.App" of a jar manifest (header lines end with CRLF or LF).
std::optional<std::string> manifest_main_class(const sdk::SourceTree& tree) {
  auto text = tree.read("META-INF/MANIFEST.MF", kMaxManifestBytes);
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("Main-Class:")) {
      auto value = line.substr(11);
      value.erase(0, value.find_first_not_of(' '));
      if (!value.empty()) return value;
    }
  }
  return std::nullopt;
}

sdk::Detection prebuilt_detection(const std::string& evidence, JavaFacts facts, int score) {
  sdk::Detection detection;
  detection.pass = true;
  detection.language = "java";
  detection.score = score;
  detection.evidence.push_back(evidence);
  detection.facts = facts;
  return detection;
}

}  // namespace

std::optional<sdk::Detection> detect_prebuilt(const sdk::SourceTree& tree) {
  JavaFacts facts;
  facts.build_tool = "none";
  if (auto jar = prebuilt_jar(tree)) {
    facts.launch = Launch::prebuilt_jar;
    facts.jar = *jar;
    return prebuilt_detection(*jar, facts, 55);
  }
  if (auto main = manifest_main_class(tree)) {
    facts.launch = Launch::exploded_jar;
    facts.main_class = *main;
    return prebuilt_detection("META-INF/MANIFEST.MF", facts, 50);
  }
  return std::nullopt;
}

}  // namespace kiln::java
