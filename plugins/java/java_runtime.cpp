#include "java_runtime.hpp"

#include <kiln/support/runtime_pin.hpp>

namespace kiln::java {

sdk::BaseImage java_runtime(const sdk::SourceTree& tree, const std::string& runtime) {
  auto text = tree.read(".java-version", 256);
  if (!text) return sdk::BaseImage::of_runtime(runtime);
  auto line = text->substr(0, text->find('\n'));
  // "temurin-21.0.1" -> "21.0.1" -> "21"; "1.8" (Java 8's old spelling) stays for the error to show.
  auto version = line.substr(line.rfind('-') == std::string::npos ? 0 : line.rfind('-') + 1);
  version = version.substr(0, version.find_first_of(" \t\r"));
  if (version.empty()) return sdk::BaseImage::of_runtime(runtime);
  auto feature = version.substr(0, version.find('.'));
  return support::pinned_runtime(runtime, feature == "1" ? version : feature, ".java-version", *text, "", version);
}

}  // namespace kiln::java
