#pragma once
// The command-line side of `kiln build --isolation helper`: the two options,
// and the run that hands the whole build to a helper container
// (runners/helper_isolation.hpp) instead of doing it here.
#include <string>

#include <CLI/CLI.hpp>

#include "cli/cli_context.hpp"

namespace kiln::cli {

struct IsolationFlags {
  std::string isolation = "host";            // host | helper
  std::string helper_image = "kiln/kiln:dev";
  bool helper() const { return isolation == "helper"; }
};

void add_isolation_options(CLI::App& command, IsolationFlags& flags);

// What `kiln build` takes that must be dealt with on the host: where the
// engine is, the time limit, and the files and secrets handed to the helper.
struct HostBuildInputs {
  std::string engine;
  std::string timeout;
  std::string ca_bundle;
  bool needs_password = false;   // --push with --registry-username
  bool password_stdin = false;
  std::string password_file;
  bool notes_on_stderr = false;  // --progress json: standard output holds the helper's events only
};

// Runs the parsed `kiln build` (every other option is forwarded by name) in
// a helper container; the exit code is the helper's.
void build_in_helper(const CLI::App& command, CliContext& context, const IsolationFlags& isolation,
                     const HostBuildInputs& inputs);

}  // namespace kiln::cli
