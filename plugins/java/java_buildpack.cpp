// kiln.java: Maven and Gradle projects, Spring Boot included, run on a JRE.
#include <kiln/sdk/plugin.hpp>

#include "detect_gradle.hpp"
#include "detect_maven.hpp"
#include "java_runtime.hpp"
#include "plan_java.hpp"

namespace kiln::java {

class JavaBuildpack final : public sdk::Buildpack {
 public:
  // A repository with both build systems is usually Maven with a stray script; Maven first.
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    if (auto maven = detect_maven(tree)) return *maven;
    if (auto gradle = detect_gradle(tree)) return *gradle;
    return sdk::Detection::no();
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions&) const override {
    auto plan = plan_java(detection.facts.get<JavaFacts>(), detection.framework);
    plan.build_image = java_runtime(tree, "java");
    plan.run_image = java_runtime(tree, "java-runtime");
    return plan;
  }
};

}  // namespace kiln::java

KILN_BUILDPACK(kiln::java::JavaBuildpack)
