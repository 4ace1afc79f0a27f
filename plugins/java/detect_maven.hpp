#pragma once
// Detection of Maven projects (pom.xml).
#include <kiln/sdk/detector.hpp>

namespace kiln::java {

// nullopt without pom.xml. Otherwise 70, or 80 with Spring Boot or a known
// main class; 40 when the pom is broken or names no runnable module (generate explains).
std::optional<sdk::Detection> detect_maven(const sdk::SourceTree& tree);

}  // namespace kiln::java
