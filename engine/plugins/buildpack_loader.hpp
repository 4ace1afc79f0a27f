#pragma once
// Loads a buildpack's code into this process, by the kind its descriptor names.
#include "plugins/buildpack_code.hpp"
#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

Result<BuildpackCodePtr> load_buildpack_code(const BuildpackDescriptor& descriptor);

}  // namespace kiln
