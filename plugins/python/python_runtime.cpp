#include "python_runtime.hpp"

#include <kiln/sdk/semver.hpp>
#include <kiln/support/runtime_pin.hpp>

namespace kiln::python {
namespace {

std::string as_range(std::string version) {
  // "3.11.7" (three parts, nothing else) -> "3.11".
  if (sdk::semver::parse(version) && version.find_first_not_of("0123456789.") == std::string::npos &&
      std::count(version.begin(), version.end(), '.') == 2)
    return version.substr(0, version.rfind('.'));
  for (std::string::size_type at = 0; (at = version.find("~=", at)) != std::string::npos;) version.replace(at, 2, "~>");
  for (std::string::size_type at = 0; (at = version.find(".*", at)) != std::string::npos;) version.replace(at, 2, ".x");
  return version;
}

}  // namespace

sdk::BaseImage python_runtime(const sdk::SourceTree& tree, const PythonFacts& facts) {
  if (!facts.python_version || !facts.python_version_source) return sdk::BaseImage::of_runtime("python");
  const auto& file = *facts.python_version_source;
  auto range = as_range(*facts.python_version);
  auto text = tree.read(file).value_or("");
  if (file == "pyproject.toml") {
    bool pep621 = support::line_of(text, "requires-python") > 0;
    return support::pinned_runtime("python", range, file, text, pep621 ? "requires-python" : "tool.poetry.dependencies.python",
                                   pep621 ? "requires-python" : "\npython");
  }
  if (file == "Pipfile") return support::pinned_runtime("python", range, file, text, "requires", "python_");
  return support::pinned_runtime("python", range, file, text, "", *facts.python_version);
}

}  // namespace kiln::python
