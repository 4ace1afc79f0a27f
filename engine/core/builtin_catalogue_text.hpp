#pragma once
// stacks/catalogue.toml as kiln was built with it (generated from the file by CMake).
#include <string_view>

namespace kiln {

std::string_view builtin_catalogue_text();

}  // namespace kiln
