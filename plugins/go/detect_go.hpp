#pragma once
// Detection of Go modules.
#include <kiln/sdk/detector.hpp>

namespace kiln::go {

// go.mod with a main package found: 80; go.mod alone (a library, or a main
// package we could not find): 40, and generate explains. No go.mod: no.
// Facts: module, go_version, toolchain, main_package, download_inputs,
// download_needs_source, vendored, has_requires.
sdk::Detection detect_go(const sdk::SourceTree& tree);

}  // namespace kiln::go
