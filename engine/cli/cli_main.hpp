#pragma once
// What both kiln executables share: the global options, the analysis worker
// entry, and running the commands each one carries.
#include <initializer_list>

#include "cli/cli_context.hpp"
#include "isolation/analysis_worker.hpp"

namespace kiln::cli {

using AddCommand = void (*)(CLI::App&, CliContext&);

int run_cli(int argc, char** argv, std::initializer_list<AddCommand> commands);

}  // namespace kiln::cli
