#pragma once
// The Debian packages that dependencies linking a system library need, from
// the one table plugins/support/native_packages.toml (compiled in).
#include <string>
#include <string_view>
#include <vector>

namespace kiln::support {

struct NativePackages {
  std::vector<std::string> build;  // headers and compilers, for the build stage
  std::vector<std::string> run;    // shared libraries, for the run image
  bool empty() const { return build.empty() && run.empty(); }
};

// The packages for `names` (dependencies of one ecosystem: "python", "ruby",
// "rust", "php"), each package once, in the order of names. Names the table
// does not list need nothing; matching ignores case.
NativePackages native_packages(std::string_view ecosystem, const std::vector<std::string>& names);

// Every dependency name the table lists for an ecosystem, for tests and docs.
std::vector<std::string> native_package_names(std::string_view ecosystem);

}  // namespace kiln::support
