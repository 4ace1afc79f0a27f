#pragma once
// The build plan of a detected Maven or Gradle project.
#include <optional>
#include <string>

#include <kiln/sdk/plan.hpp>

#include "java_facts.hpp"

namespace kiln::java {

// Two stages: the JDK (java stack) resolves dependencies from the build files
// alone, builds, and copies what runs to fixed places (/app/app.jar, /app/lib,
// /app/<name>); the JRE (java-runtime stack) runs only those. Throws
// BuildpackError when detection found nothing to build.
sdk::BuildPlan plan_java(const JavaFacts& facts, const std::optional<std::string>& framework);

}  // namespace kiln::java
