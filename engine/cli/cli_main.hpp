#pragma once
// What both kiln executables share: the global options, the analysis worker
// entry, and running the commands each one carries.
#include <initializer_list>

#include "cli/cli_context.hpp"
#include "isolation/analysis_worker.hpp"

namespace kiln::cli {

using AddCommand = void (*)(CLI::App&, CliContext&);

// How a run ends. `exit_now`: the process exits as soon as the command is done, its output
// flushed, without destroying what it built (for a one-shot detect, freeing the registry,
// the schemas and the command line parser costs a tenth of its time, and the kernel takes the
// memory back at once). Only for commands that hold nothing that must be torn down.
enum class RunEnd { return_code, exit_now };

int run_cli(int argc, char** argv, std::initializer_list<AddCommand> commands, RunEnd end = RunEnd::return_code);

}  // namespace kiln::cli
