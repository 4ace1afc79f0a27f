// kiln-engine: the whole kiln command line (build, run, serve and the rest).
// `kiln`, the front (front_main.cpp), runs it for every command it does not answer itself.
#include "cli/cli_main.hpp"

int main(int argc, char** argv) {
  using namespace kiln::cli;
  return run_cli(argc, argv, {add_detect_command, add_plan_command, add_dockerfile_command, add_buildpacks_command,
                              add_build_command, add_run_command, add_serve_command, add_registry_command});
}
