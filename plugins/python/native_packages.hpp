#pragma once
// Debian packages that Python dependencies with C parts need: headers and a
// compiler to build them, the shared library to run them (the table is
// plugins/support/native_packages.toml).
#include <string>
#include <vector>

#include "python_project.hpp"

namespace kiln::python {

struct NativePackages {
  std::vector<std::string> build;
  std::vector<std::string> run;
};

NativePackages native_packages(const PythonProject& project);

}  // namespace kiln::python
