#pragma once
// An author's buildpack folder: buildpack.toml with its script (Lua), or a
// native buildpack's sources whose library kiln_add_buildpack builds under
// build/<target>/ beside a copy of the descriptor.
#include <filesystem>

#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

// The descriptor of the buildpack to load from `dir`: the one whose entry exists (`dir` itself,
// or the built copy under dir/build/). Errors say what to do: make one, or build it.
Result<BuildpackDescriptor> locate_buildpack(const std::filesystem::path& dir);

}  // namespace kiln
