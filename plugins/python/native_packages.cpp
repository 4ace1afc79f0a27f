#include "native_packages.hpp"

#include <algorithm>

namespace kiln::python {
namespace {

void add(std::vector<std::string>& list, std::initializer_list<const char*> packages) {
  for (auto package : packages)
    if (std::find(list.begin(), list.end(), package) == list.end()) list.emplace_back(package);
}

}  // namespace

NativePackages native_packages(const PythonProject& project) {
  NativePackages out;
  // psycopg2 (not -binary) compiles against libpq and has no wheel to fall back on.
  if (project.depends_on("psycopg2")) {
    add(out.build, {"gcc", "python3-dev", "libpq-dev"});
    add(out.run, {"libpq5"});
  }
  // psycopg 3 without its [binary] extra loads the system libpq at run time.
  if (auto it = project.dependencies.find("psycopg");
      it != project.dependencies.end() && !it->second.count("binary") && !project.depends_on("psycopg-binary"))
    add(out.run, {"libpq5"});
  if (project.depends_on("mysqlclient")) {
    add(out.build, {"gcc", "pkg-config", "python3-dev", "default-libmysqlclient-dev"});
    add(out.run, {"libmariadb3"});
  }
  return out;
}

}  // namespace kiln::python
