#pragma once
// The build plan of a detected Python app.
#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

#include "python_facts.hpp"

namespace kiln::python {

// One stage on the python stack: dependencies into /app/.venv from the
// manifests alone, then the source, then Django's collectstatic if it has a
// STATIC_ROOT. Throws BuildpackError when detection found a broken manifest.
sdk::BuildPlan plan_python(const sdk::SourceTree& tree, const PythonFacts& facts);

}  // namespace kiln::python
