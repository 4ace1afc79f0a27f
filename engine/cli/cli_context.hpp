#pragma once
// What every kiln command shares: plugin directories, the app folder, the
// user's overrides, and how errors reach the terminal.
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/app_analysis.hpp"
#include "core/dockerfile_renderer.hpp"
#include "core/result.hpp"
#include "plugins/buildpack_registry.hpp"

namespace kiln::cli {

// Exit codes: 0 done, 1 failed, 2 nothing recognised the app (or bad usage).
inline constexpr int kExitFailure = 1;
inline constexpr int kExitNoMatch = 2;

struct CliContext {
  std::vector<std::string> plugin_dirs;
  bool no_bundled = false;
  double buildpack_timeout_seconds = 5;
  std::string app_path = ".";
  std::string buildpack;                  // --buildpack
  std::vector<std::string> stack_overrides;  // --stack NAME=IMAGE
  AppConfig overrides;                    // flags that win over kiln.toml (build: --env, --target, ...)

  // Reads every buildpack's descriptor; refused plugins are reported on stderr, not fatal.
  // Their code runs in an analysis worker forked from this process on first use,
  // so a buildpack that crashes or hangs fails alone and kiln reports it.
  BuildpackRegistry load_registry() const;
  // Opens the app folder and analyses it; on failure prints the error and sets exit_code.
  std::optional<Analysis> analyze(const BuildpackRegistry& registry);
  RenderOptions render_options(const Analysis& analysis) const;
  // Loads the buildpacks, analyses the app and checks it has a plan; the
  // context keeps both (the analysis points into the registry). On failure
  // prints the error, sets exit_code and returns null.
  const Analysis* planned_app();

  int exit_code = 0;
  void fail(const Error& error);

 private:
  std::optional<BuildpackRegistry> registry_;
  std::optional<Analysis> analysis_;
};

// Adds the app PATH and --buildpack options shared by detect, plan and dockerfile.
void add_app_options(CLI::App& command, CliContext& context);

void add_detect_command(CLI::App& app, CliContext& context);
void add_plan_command(CLI::App& app, CliContext& context);
void add_dockerfile_command(CLI::App& app, CliContext& context);
void add_buildpacks_command(CLI::App& app, CliContext& context);
void add_build_command(CLI::App& app, CliContext& context);
void add_run_command(CLI::App& app, CliContext& context);
void add_serve_command(CLI::App& app, CliContext& context);

}  // namespace kiln::cli
