#include "cli/cli_main.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

namespace kiln::cli {
namespace {

// `kiln __analysis-worker`: started by kiln serve with its request and answer pipes on fds 3 and 4.
int analysis_worker_main() {
  using namespace kiln::isolation;
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the server that started it
  close_range(kWorkerAnswerFd + 1, ~0u, 0);
  return run_analysis_worker(kWorkerRequestFd, kWorkerAnswerFd, WorkerLimits{});
}

}  // namespace

int run_cli(int argc, char** argv, std::initializer_list<AddCommand> commands, RunEnd end) {
  if (argc == 2 && std::strcmp(argv[1], isolation::kWorkerCommand) == 0) return analysis_worker_main();

  auto owned_context = std::make_unique<CliContext>();
  auto owned_app = std::make_unique<CLI::App>("kiln: turn application source into a container image");
  auto& context = *owned_context;
  auto& app = *owned_app;
  auto finish = [&](int code) {
    context.remove_checkout();
    if (end == RunEnd::return_code) return code;
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
  };
  app.set_version_flag("--version", std::string("kiln ") + KILN_VERSION);
  app.add_option("--plugin-dir", context.plugin_dirs, "Also load buildpacks from DIR (repeatable)")->type_name("DIR");
  app.add_flag("--no-bundled", context.no_bundled, "Do not load the buildpacks that ship with kiln");
  app.add_option("--buildpack-timeout", context.buildpack_timeout_seconds,
                 "Stop a buildpack's detect or generate after this many seconds (default 5)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.1, 3600.0));
  app.require_subcommand(1);
  app.fallthrough();
  for (auto add : commands) add(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return finish(app.exit(e) == 0 ? 0 : kExitNoMatch);
  }
  return finish(context.exit_code);
}

}  // namespace kiln::cli
