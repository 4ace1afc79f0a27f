#include "cli/cli_context.hpp"

#include <iostream>

#include "core/image_build_request.hpp"
#include "isolation/isolated_buildpack.hpp"
#include "plugins/plugin_directories.hpp"

namespace kiln::cli {

BuildpackRegistry CliContext::load_registry() const {
  std::vector<std::filesystem::path> extra(plugin_dirs.begin(), plugin_dirs.end());
  isolation::PoolOptions workers;
  workers.worker.mode = isolation::SpawnMode::Fork;
  workers.size = 1;
  workers.deadline = std::chrono::milliseconds(static_cast<long>(buildpack_timeout_seconds * 1000));
  auto pool = std::make_shared<isolation::WorkerPool>(workers);
  auto registry = BuildpackRegistry::scan(plugin_search_path(extra, !no_bundled), isolation::isolated_code_loader(pool, false));
  for (const auto& problem : registry.problems()) std::cerr << "kiln: warning: " << problem.message << "\n";
  if (registry.buildpacks().empty())
    std::cerr << "kiln: warning: no buildpacks loaded (bundled directory "
              << (bundled_plugin_directory() ? bundled_plugin_directory()->string() : std::string("not found"))
              << "; add one with --plugin-dir)\n";
  return registry;
}

void CliContext::fail(const Error& error) {
  std::cerr << "kiln: " << error.message << "\n";
  exit_code = error.code == ErrorCode::NoBuildpack ? kExitNoMatch : kExitFailure;
}

std::optional<Analysis> CliContext::analyze(const BuildpackRegistry& registry) {
  auto tree = LocalSourceTree::open(app_path);
  if (!tree) {
    fail(tree.error());
    return std::nullopt;
  }
  AppConfig flags = overrides;
  if (!buildpack.empty()) flags.buildpack = buildpack;
  auto analysis = analyze_app(*tree, registry, flags);
  if (!analysis) {
    fail(analysis.error());
    return std::nullopt;
  }
  for (const auto& warning : analysis->report.warnings) std::cerr << "kiln: warning: " << warning << "\n";
  return std::move(analysis.value());
}

const Analysis* CliContext::planned_app() {
  registry_ = load_registry();
  analysis_ = analyze(*registry_);
  if (!analysis_) return nullptr;
  if (auto plan = plan_of(*analysis_); !plan) {
    fail(plan.error());
    return nullptr;
  }
  return &*analysis_;
}

RenderOptions CliContext::render_options(const Analysis& analysis) const {
  return render_options_for(analysis, stack_overrides);
}

void add_app_options(CLI::App& command, CliContext& context) {
  command.add_option("path", context.app_path, "The app folder")->default_val(".");
  command.add_option("--buildpack", context.buildpack, "Use this buildpack instead of detecting");
}

}  // namespace kiln::cli
