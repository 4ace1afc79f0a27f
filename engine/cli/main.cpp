// kiln: turns application source into container images.
#include <iostream>

#include "cli/cli_context.hpp"

int main(int argc, char** argv) {
  kiln::cli::CliContext context;
  CLI::App app{"kiln: turn application source into a container image"};
  app.set_version_flag("--version", std::string("kiln ") + KILN_VERSION);
  app.add_option("--plugin-dir", context.plugin_dirs, "Also load buildpacks from DIR (repeatable)")->type_name("DIR");
  app.add_flag("--no-bundled", context.no_bundled, "Do not load the buildpacks that ship with kiln");
  app.require_subcommand(1);
  app.fallthrough();

  kiln::cli::add_detect_command(app, context);
  kiln::cli::add_plan_command(app, context);
  kiln::cli::add_dockerfile_command(app, context);
  kiln::cli::add_buildpacks_command(app, context);
  kiln::cli::add_build_command(app, context);
  kiln::cli::add_run_command(app, context);
  kiln::cli::add_serve_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kiln::cli::kExitNoMatch;
  }
  return context.exit_code;
}
