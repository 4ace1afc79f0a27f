// kiln.java: Maven and Gradle projects, Spring Boot included, run on a JRE.
#include <kiln/sdk/plugin.hpp>

#include "detect_gradle.hpp"
#include "detect_maven.hpp"
#include "detect_prebuilt.hpp"
#include "java_runtime.hpp"
#include "plan_java.hpp"

namespace kiln::java {

class JavaBuildpack final : public sdk::Buildpack {
 public:
  // A repository with both build systems is usually Maven with a stray script; Maven first.
  sdk::Detection detect(const sdk::SourceTree& tree) const override {
    if (auto maven = detect_maven(tree)) return *maven;
    if (auto gradle = detect_gradle(tree)) return *gradle;
    if (auto prebuilt = detect_prebuilt(tree)) return *prebuilt;
    return sdk::Detection::no();
  }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions&) const override {
    auto plan = plan_java(detection.facts.get<JavaFacts>(), detection.framework);
    // A prebuilt program needs no JDK: its build stage is the JRE's too.
    plan.build_image = java_runtime(tree, plan.build_image.runtime == "java-runtime" ? "java-runtime" : "java");
    plan.run_image = java_runtime(tree, "java-runtime");
    return plan;
  }
};

}  // namespace kiln::java

KILN_BUILDPACK(kiln::java::JavaBuildpack)
