#pragma once
// The Go toolchain a module asks for, as a request to the stack catalogue.
#include <nlohmann/json.hpp>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

namespace kiln::go {

// go.mod's `toolchain go1.26.8` names the toolchain its authors build with:
// the same minor release (~1.26.8, the newest patch on offer). Without one,
// `go 1.22` is the oldest Go that builds the module (>=1.22, so the default
// stack when it is new enough). Pinned at go.mod's line.
sdk::BaseImage go_runtime(const sdk::SourceTree& tree, const nlohmann::json& facts);

}  // namespace kiln::go
