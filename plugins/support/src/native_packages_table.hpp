#pragma once
// native_packages.toml's text, compiled in by CMake (native_packages_table.cpp.in).
#include <string_view>

namespace kiln::support {

std::string_view native_packages_table_text();

}  // namespace kiln::support
