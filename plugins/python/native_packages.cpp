#include "native_packages.hpp"

#include <kiln/support/native_packages.hpp>

namespace kiln::python {

NativePackages native_packages(const PythonProject& project) {
  std::vector<std::string> names;
  for (const auto& [name, extras] : project.dependencies) {
    // psycopg 3 with its [binary] extra (or psycopg-binary beside it) carries its own libpq.
    if (name == "psycopg" && (extras.count("binary") || project.depends_on("psycopg-binary"))) continue;
    names.push_back(name);
  }
  auto packages = support::native_packages("python", names);
  return {packages.build, packages.run};
}

}  // namespace kiln::python
