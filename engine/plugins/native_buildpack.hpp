#pragma once
// A native buildpack: a shared library speaking the C ABI of sdk/include/kiln/sdk/abi.h,
// loaded with Boost.DLL. Only C crosses the boundary: kiln hands it a table of
// source-tree functions and reads back JSON, checked field by field.
#include "plugins/buildpack_code.hpp"
#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

// Loads descriptor.source, reads its info block and checks that the ABI
// versions it speaks overlap kiln's (the error names both ranges).
Result<BuildpackCodePtr> load_native_buildpack(const BuildpackDescriptor& descriptor);

}  // namespace kiln
