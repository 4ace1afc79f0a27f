#pragma once
// Detection of a JVM program that is already built: a jar in the repository
// (deploy-a-jar repositories, CI artifacts committed for a host), or an
// exploded jar (META-INF/MANIFEST.MF at the root, as `jar -x` or Spring
// Boot's extract leaves it).
#include <kiln/sdk/detector.hpp>

namespace kiln::java {

// nullopt when there is no jar and no manifest naming a Main-Class. 55 for one
// jar at the root, in target/ or build/libs/; 50 for an exploded jar; below
// every build manifest, so a pom.xml or build.gradle beside them wins.
std::optional<sdk::Detection> detect_prebuilt(const sdk::SourceTree& tree);

}  // namespace kiln::java
