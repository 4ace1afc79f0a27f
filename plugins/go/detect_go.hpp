#pragma once
// Detection of Go programs: a go.work workspace, a go.mod module, or a lone
// main.go without either.
#include <kiln/sdk/detector.hpp>

namespace kiln::go {

// A module or workspace with main packages: 80 (also when several need the
// user's go_main to choose); without one: 40, and generate explains; a main.go
// alone: 50. Facts: module, workspace, no_module, go_version, toolchain,
// main_package, main_packages, main_error, download_inputs,
// download_needs_source, vendored, has_requires.
sdk::Detection detect_go(const sdk::SourceTree& tree);

}  // namespace kiln::go
