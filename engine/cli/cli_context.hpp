#pragma once
// What every kiln command shares: plugin directories, the app folder, the
// user's overrides, and how errors reach the terminal.
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/pipeline.hpp"
#include "core/result.hpp"
#include "plugins/buildpack_registry.hpp"
#include "sources/git_url.hpp"
#include "sources/scratch_folder.hpp"

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
  std::optional<std::string> stack_catalogue;  // --stack-catalogue FILE
  AppConfig overrides;                    // flags that win over kiln.toml (build: --env, --target, ...)
  GitSourceSpec git;                      // --git URL, --ref, --commit: the app comes from a repository
  std::string context_root;               // --context-root: the app's sub-folder (of the folder or the repository)

  // Reads every buildpack's descriptor; refused plugins are reported on stderr, not fatal.
  // Their code runs in an analysis worker forked from this process, so a buildpack that
  // crashes or hangs fails alone and kiln reports it. For an analysis (`for_analysis`),
  // the worker is forked first and the SDK schemas are parsed on another thread meanwhile.
  BuildpackRegistry load_registry(bool for_analysis = false);
  // Loads the buildpacks and runs the pipeline on the app folder up to `request.until`,
  // with the app path, --buildpack and the overrides filled in and warnings on stderr.
  // The context keeps the registry (the analysis points into it). On failure prints
  // the error, sets exit_code and returns null.
  // `cancelled` stops it (Ctrl-C, a time limit); `reword` may say why better than the pipeline can.
  const PipelineOutcome* run(PipelineRequest request, PipelineHooks hooks = {}, const std::atomic<bool>* cancelled = nullptr,
                             const std::function<Error(const Error&)>& reword = {});

  int exit_code = 0;
  void fail(const Error& error);
  // `buildpacks list --outdated`, set by kiln-engine's registry commands.
  std::function<void()> list_outdated;
  // Removes a --git checkout; kiln ends with _Exit, so this is called before it.
  void remove_checkout() { checkout_.reset(); }

 private:
  std::optional<ScratchFolder> checkout_;
  std::optional<BuildpackRegistry> registry_;
  std::optional<PipelineOutcome> outcome_;
  std::jthread schema_parsing_;
};

// Adds the app PATH (or --git URL with --ref and --commit) and --buildpack, shared by detect, plan,
// dockerfile and build.
void add_app_options(CLI::App& command, CliContext& context);
// --stack and --stack-catalogue: for the commands that render a Dockerfile.
void add_stack_options(CLI::App& command, CliContext& context);

void add_detect_command(CLI::App& app, CliContext& context);
void add_plan_command(CLI::App& app, CliContext& context);
void add_dockerfile_command(CLI::App& app, CliContext& context);
void add_buildpacks_command(CLI::App& app, CliContext& context);
// new and test, under `buildpacks` (cli/buildpack_authoring_command.cpp)
void add_buildpack_authoring_commands(CLI::App& buildpacks, CliContext& context);
// kiln-engine only: pack, keygen, sign, publish, yank, search, install, update, remove and list --outdated
// under `buildpacks`, and `kiln registry add|list` (cli/registry_command.cpp)
void add_registry_command(CLI::App& app, CliContext& context);
void add_build_command(CLI::App& app, CliContext& context);
void add_run_command(CLI::App& app, CliContext& context);
void add_serve_command(CLI::App& app, CliContext& context);

}  // namespace kiln::cli
