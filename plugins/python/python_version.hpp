#pragma once
// The Python version a project asks for (python_runtime.hpp turns it into the
// plan's request to the stack catalogue).
#include <optional>
#include <string>

#include <kiln/sdk/source.hpp>

#include "python_project.hpp"

namespace kiln::python {

struct PythonVersion {
  std::string value;   // as written: "3.11", "3.11.7", ">=3.10", "^3.12"
  std::string source;  // the file that said so
};

// First of .python-version, runtime.txt, Pipfile [requires], pyproject
// requires-python, Poetry's python dependency.
std::optional<PythonVersion> find_python_version(const sdk::SourceTree& tree, const PythonProject* project);

}  // namespace kiln::python
