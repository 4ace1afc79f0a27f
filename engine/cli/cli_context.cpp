#include "cli/cli_context.hpp"

#include <iostream>

#include "core/schema_check.hpp"
#include "core/user_cache_dir.hpp"
#include "sources/source_materializer.hpp"
#include "isolation/isolated_buildpack.hpp"
#include "plugins/descriptor_cache.hpp"
#include "plugins/plugin_directories.hpp"

namespace kiln::cli {
namespace {

// The same fetch as the server's (sources/source_materializer.hpp), with the user's
// cache for mirrors and file:// allowed: on the command line the disk is the user's own.
std::function<Result<AppSource>()> git_checkout(const GitSourceSpec& git, const std::filesystem::path& work,
                                                const std::atomic<bool>* cancelled) {
  MaterializeOptions options;
  options.git_policy.allow_file_urls = true;
  options.cancelled = cancelled;
  if (auto cache = user_cache_dir()) options.git_mirror_root = *cache / "git-mirrors";
  // git's own progress would fight the build's view; kiln's lines say what happens.
  options.log = [](const std::string& line) {
    if (line.rfind("kiln: ", 0) == 0) std::cerr << line << "\n";
  };
  SourceSpec spec;
  spec.kind = SourceSpec::Kind::Git;
  spec.git = git;
  return [spec, work, options] { return materialize_source(spec, work, options); };
}

}  // namespace

BuildpackRegistry CliContext::load_registry(bool for_analysis) {
  std::vector<std::filesystem::path> extra(plugin_dirs.begin(), plugin_dirs.end());
  isolation::PoolOptions workers;
  workers.worker.mode = isolation::SpawnMode::Fork;
  workers.size = 1;
  workers.deadline = std::chrono::milliseconds(static_cast<long>(buildpack_timeout_seconds * 1000));
  auto pool = std::make_shared<isolation::WorkerPool>(workers);
  if (for_analysis) {
    // Forked while this process is small and has one thread; then the buildpacks' answers are
    // checked against the SDK schemas here, and parsing those (as much work as the rest of a
    // detect) overlaps the descriptor scan and the worker's answers on the other core.
    pool->start_ahead();
    schema_parsing_ = std::jthread([] {
      for (auto which : {SdkSchema::detection, SdkSchema::plan}) (void)sdk_schema_as_checked(which);
    });
  }
  // A fresh process each time: descriptors parsed by an earlier run are taken from the cache (when unchanged).
  std::optional<DescriptorCache> cache;
  if (auto file = DescriptorCache::default_file()) cache.emplace(*file);
  auto registry = BuildpackRegistry::scan(plugin_search_path(extra, !no_bundled), isolation::isolated_code_loader(pool, false),
                                          cache ? &*cache : nullptr);
  if (cache) cache->save();
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

const PipelineOutcome* CliContext::run(PipelineRequest request, PipelineHooks hooks, const std::atomic<bool>* cancelled,
                                       const std::function<Error(const Error&)>& reword) {
  registry_ = load_registry(true);
  if (git.url.empty()) {
    if (!context_root.empty()) overrides.context = context_root;
    request.fetch = local_folder(app_path);
  } else {
    checkout_.emplace("kiln-source");
    if (checkout_->path().empty()) {
      fail(Error{ErrorCode::StorageFailed, "cannot create a temporary folder for the checkout"});
      return nullptr;
    }
    // As the server's git "subdir": checked before git runs, and the app's kiln.toml is the one there.
    git.subdir = context_root;
    request.fetch = git_checkout(git, checkout_->path(), cancelled);
  }
  request.overrides.merge_from(overrides);
  if (!buildpack.empty()) request.overrides.buildpack = buildpack;
  request.stack_overrides = stack_overrides;
  request.stack_catalogue = stack_catalogue;
  if (!hooks.warning) hooks.warning = [](const std::string& line) { std::cerr << "kiln: warning: " << line << "\n"; };
  static const std::atomic<bool> never{false};
  outcome_ = run_pipeline(*registry_, request, hooks, cancelled ? *cancelled : never);
  if (outcome_->failure) {
    fail(reword ? reword(outcome_->failure->error) : outcome_->failure->error);
    return nullptr;
  }
  return &*outcome_;
}

void add_stack_options(CLI::App& command, CliContext& context) {
  command.add_option("--stack", context.stack_overrides, "Map a stack or a runtime to an image: NAME=IMAGE (repeatable)");
  command.add_option("--stack-catalogue", context.stack_catalogue,
                     "A stack catalogue (TOML, as stacks/catalogue.toml) read over kiln's own")
      ->envname("KILN_STACK_CATALOGUE");
}

void add_app_options(CLI::App& command, CliContext& context) {
  auto* path = command.add_option("path", context.app_path, "The app folder")->default_val(".");
  auto* git = command.add_option("--git", context.git.url, "Build from this git repository (https://, ssh://, git://, file://)")
                  ->excludes(path);
  command.add_option("--ref", context.git.ref, "Branch or tag to build (default: the remote's default branch)")->needs(git);
  command.add_option("--commit", context.git.commit, "Commit id to build (fetched alone when no branch has it)")->needs(git);
  command.add_option("--context-root", context.context_root, "The app lives in this sub-folder");
  command.add_option("--buildpack", context.buildpack, "Use this buildpack instead of detecting");
}

}  // namespace kiln::cli
