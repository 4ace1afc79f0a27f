#pragma once
// The Python interpreter a project asks for, as a request to the stack catalogue.
#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

#include "python_facts.hpp"

namespace kiln::python {

// An exact version from .python-version or runtime.txt means its minor
// release ("3.11.7" -> 3.11: kiln has the one Debian ships); a specifier
// (requires-python, Pipfile, Poetry) is read as written, PEP 440's "~=3.11"
// as "~>3.11". Pinned at the file and line it came from.
sdk::BaseImage python_runtime(const sdk::SourceTree& tree, const PythonFacts& facts);

}  // namespace kiln::python
