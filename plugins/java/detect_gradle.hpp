#pragma once
// Detection of Gradle projects (build.gradle, build.gradle.kts).
#include <kiln/sdk/detector.hpp>

namespace kiln::java {

// nullopt without a build script. 80 with Spring Boot or the application
// plugin (the entry point is certain), else 65: a plain jar.
std::optional<sdk::Detection> detect_gradle(const sdk::SourceTree& tree);

}  // namespace kiln::java
