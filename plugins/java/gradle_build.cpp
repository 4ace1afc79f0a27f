#include "gradle_build.hpp"

#include <cctype>
#include <sstream>

namespace kiln::java {
namespace {

constexpr std::size_t kMaxScriptBytes = 256 * 1024;
constexpr std::size_t kMaxValueLength = 128;

// The first '...' or "..." literal after `key` on the line where `key` is
// followed by '=', '(' or a space: mainClassName = 'x', mainClass.set("x").
std::optional<std::string> quoted_after(const std::string& text, const std::string& key) {
  std::size_t at = 0;
  while ((at = text.find(key, at)) != std::string::npos) {
    bool starts_word = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '.' || text[at - 1] == '_');
    auto line_end = text.find('\n', at);
    auto rest = text.substr(at + key.size(), (line_end == std::string::npos ? text.size() : line_end) - at - key.size());
    at += key.size();
    if (!starts_word || rest.empty() || std::isalnum(static_cast<unsigned char>(rest.front())) || rest.front() == '_') continue;
    auto open = rest.find_first_of("'\"");
    if (open == std::string::npos) continue;
    auto close = rest.find(rest[open], open + 1);
    if (close == std::string::npos || close - open - 1 > kMaxValueLength) continue;
    return rest.substr(open + 1, close - open - 1);
  }
  return std::nullopt;
}

bool mentions_any(const std::string& text, std::initializer_list<const char*> needles) {
  for (auto needle : needles)
    if (text.find(needle) != std::string::npos) return true;
  return false;
}

// 17 from JavaLanguageVersion.of(17), JavaVersion.VERSION_17 or sourceCompatibility = '17'.
std::optional<std::string> java_version(const std::string& text) {
  for (const char* marker : {"JavaLanguageVersion.of(", "JavaVersion.VERSION_"}) {
    auto at = text.find(marker);
    if (at == std::string::npos) continue;
    std::string digits;
    for (auto i = at + std::string(marker).size(); i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '_'); ++i)
      digits += text[i] == '_' ? '.' : text[i];
    if (!digits.empty()) return digits;
  }
  return quoted_after(text, "sourceCompatibility");
}

}  // namespace

std::optional<GradleBuild> read_gradle_build(const sdk::SourceTree& tree) {
  auto file = tree.first_existing({"build.gradle.kts", "build.gradle"});
  if (!file) return std::nullopt;
  GradleBuild build;
  build.build_file = *file;
  auto script = tree.read(*file, kMaxScriptBytes).value_or("");
  build.settings_file = tree.first_existing({"settings.gradle.kts", "settings.gradle"});
  auto settings = build.settings_file ? tree.read(*build.settings_file, kMaxScriptBytes).value_or("") : "";

  build.spring_boot = script.find("org.springframework.boot") != std::string::npos;
  build.application = mentions_any(script, {"id 'application'", "id \"application\"", "id(\"application\")",
                                            "apply plugin: 'application'", "apply plugin: \"application\"",
                                            "\napplication {", "\napplication{", "`application`"});
  build.main_class = quoted_after(script, "mainClassName");
  if (!build.main_class) build.main_class = quoted_after(script, "mainClass");
  build.application_name = quoted_after(script, "applicationName");
  build.version = quoted_after(script, "\nversion");
  build.java_version = java_version(script);
  build.root_project_name = quoted_after(settings, "rootProject.name");
  build.multi_project = mentions_any(settings, {"include '", "include \"", "include(", "include  "});
  build.wrapper = tree.exists("gradlew") && tree.exists("gradle/wrapper/gradle-wrapper.jar") &&
                  tree.exists("gradle/wrapper/gradle-wrapper.properties");
  return build;
}

}  // namespace kiln::java
