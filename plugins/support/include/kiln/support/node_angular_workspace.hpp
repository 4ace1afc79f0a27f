#pragma once
// Where `ng build` writes an Angular project, read from angular.json.
#include <optional>
#include <string>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

struct AngularBuildOutput {
  std::string base;     // outputPath, e.g. dist/my-app
  std::string browser;  // the folder served to browsers: base/browser with the application builder
};

// The build output of the project `ng build` builds (the only project, or the
// first application); nullopt when angular.json does not say plainly.
std::optional<AngularBuildOutput> angular_build_output(const sdk::SourceTree& tree);

}  // namespace kiln::support
