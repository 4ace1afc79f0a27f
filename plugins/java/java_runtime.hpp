#pragma once
// The Java release a project asks for, as a request to the stack catalogue.
#include <string>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

namespace kiln::java {

// .java-version (jenv, SDKMAN and asdf plugins write "17", "17.0.9",
// "temurin-21.0.1"): its feature release, for `runtime` (the JDK to build
// with, the JRE to run on). No file: the catalogue's default.
sdk::BaseImage java_runtime(const sdk::SourceTree& tree, const std::string& runtime);

}  // namespace kiln::java
