#pragma once
// The platform a native buildpack must have been built for to load here:
// "<os>-<cpu>-<libc>", like "linux-x86_64-gnu". Lua buildpacks have none.
#include <string>

namespace kiln::registry {

std::string host_platform();

}  // namespace kiln::registry
