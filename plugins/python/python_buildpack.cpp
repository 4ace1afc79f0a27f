// kiln.python: pip, Poetry, Pipenv and uv projects; Django, Flask and FastAPI.
#include <kiln/sdk/plugin.hpp>

#include "detect_python.hpp"
#include "plan_python.hpp"
#include "python_facts.hpp"

namespace kiln::python {

class PythonBuildpack final : public sdk::Buildpack {
 public:
  sdk::Detection detect(const sdk::SourceTree& tree) const override { return detect_python(tree); }

  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions&) const override {
    return plan_python(tree, detection.facts.get<PythonFacts>());
  }
};

}  // namespace kiln::python

KILN_BUILDPACK(kiln::python::PythonBuildpack)
