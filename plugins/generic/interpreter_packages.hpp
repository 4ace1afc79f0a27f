#pragma once
// The base stack is a bare Debian; a command that names an interpreter it
// lacks ("python3 -m http.server", "#!/usr/bin/env node") needs its package.
#include <string>
#include <string_view>
#include <vector>

namespace kiln::generic {

// Debian packages for the program a command line runs, looking past leading
// VAR=value assignments, "exec" and "env" (with its options), and a directory
// prefix. Empty for programs the base stack already has or that are unknown.
std::vector<std::string> interpreter_packages(std::string_view command);

}  // namespace kiln::generic
