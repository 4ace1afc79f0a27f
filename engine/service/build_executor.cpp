#include "service/build_executor.hpp"

#include "core/app_analysis.hpp"
#include "core/build_units.hpp"
#include "core/ca_bundle.hpp"
#include "core/image_build_request.hpp"
#include "runners/docker_runner.hpp"
#include "runners/engine_endpoint.hpp"
#include "runners/image_push.hpp"

namespace kiln::service {
namespace {

// Removes a build's work folder however the build ends.
class WorkFolder {
 public:
  explicit WorkFolder(std::filesystem::path path) : path_(std::move(path)) {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    std::filesystem::create_directories(path_, ignored);
  }
  ~WorkFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class BuildRun {
 public:
  BuildRun(BuildReporter& reporter, const ExecutorContext& context)
      : reporter_(reporter), context_(context), build_(*reporter.build()), submission_(build_.submission) {}

  void run() {
    WorkFolder work(context_.config.work_dir() / build_.record.id);
    if (!fetch(work.path()) || stopped()) return;
    if (!analyse() || stopped()) return;
    if (!build_images() || stopped()) return;
    if (!push_images() || stopped()) return;
    reporter_.finish(BuildStatus::Succeeded, std::nullopt);
  }

 private:
  // A stopped build ends as cancelled or timed out, whatever stage noticed.
  bool stopped() {
    if (!build_.cancel) return false;
    switch (build_.stop_reason.load()) {
      case StopReason::TimedOut:
        reporter_.finish(BuildStatus::TimedOut, BuildFailure{ErrorCode::TimedOut, "the build ran longer than its timeout", {}, {}});
        break;
      case StopReason::Shutdown:
        reporter_.finish(BuildStatus::Cancelled,
                         BuildFailure{ErrorCode::ServerShutdown, "the server stopped before the build finished", {}, {}});
        break;
      default: reporter_.finish(BuildStatus::Cancelled, BuildFailure{ErrorCode::Cancelled, "cancelled on request", {}, {}});
    }
    return true;
  }

  bool fail(ErrorCode code, const std::string& message, std::optional<int> step = {},
            std::optional<int> exit_code = {}) {
    if (!stopped()) reporter_.finish(BuildStatus::Failed, BuildFailure{code, message, step, exit_code});
    return false;
  }

  bool fetch(const std::filesystem::path& work) {
    reporter_.status(BuildStatus::Fetching);
    auto options = materialize_options(context_, &build_.cancel, [this](const std::string& line) { reporter_.log("fetch", line); });
    auto remaining = build_.deadline - std::chrono::steady_clock::now();
    if (remaining < std::chrono::hours(24 * 365))
      options.timeout = std::max(std::chrono::seconds(1), std::chrono::duration_cast<std::chrono::seconds>(remaining));
    auto source = materialize_source(submission_.source, work, options);
    if (!source) {
      const auto& code = source.error().code;
      // The client's mistakes keep their own codes; everything else is a failed fetch.
      return fail(code == ErrorCode::InvalidSource || code == ErrorCode::InvalidBundle ? code : ErrorCode::FetchFailed, source.error().message);
    }
    reporter_.log("system", "source ready (" + source->revision + ")");
    source_root_ = source->root;
    return true;
  }

  bool analyse() {
    reporter_.status(BuildStatus::Detecting);
    registry_ = context_.catalog.snapshot();
    auto tree = LocalSourceTree::open(source_root_.string());
    if (!tree) return fail(ErrorCode::InvalidSource, tree.error().message);
    auto analysis = analyze_app(*tree, *registry_, app_overrides(submission_));
    if (!analysis) return fail(analysis.error().code, analysis.error().message);
    for (const auto& warning : analysis->report.warnings) reporter_.log("system", "warning: " + warning);
    auto detection = to_json(analysis->report);
    mask_json(detection, build_.masker);
    reporter_.update([&](BuildRecord& record) { record.detection = detection; });
    auto plan = plan_of(*analysis);
    if (!plan) return fail(ErrorCode::PlanFailed, plan.error().message);
    nlohmann::json plan_json = *plan;
    mask_json(plan_json, build_.masker);
    reporter_.update([&](BuildRecord& record) { record.plan = plan_json; });
    reporter_.log("system", "buildpack " + analysis->report.buildpack);
    analysis_ = std::move(analysis.value());
    return true;
  }

  bool build_images() {
    reporter_.status(BuildStatus::Building);
    std::vector<std::string> stacks;
    for (const auto& [name, image] : context_.config.stacks) stacks.push_back(name + "=" + image);
    auto render = render_options_for(*analysis_, stacks);
    std::map<std::string, std::string> ca_files;
    if (context_.ca_bundle_pem) {
      ca_files = ca_bundle_context_files(*context_.ca_bundle_pem, kCaBundleFolder);
      render.ca_bundle = true;
    }
    auto units = build_units(*analysis_->plan, *analysis_->tree, render);
    if (!units) return fail(ErrorCode::PlanFailed, units.error().message);
    auto engine = DockerEngine::connect(engine_address(context_.config.engine));
    if (!engine) return fail(ErrorCode::EngineUnavailable, engine.error().message);
    runner_.emplace(std::move(engine.value()));
    ImageBuildOptions options;
    if (!submission_.image.empty()) options.tags.push_back(submission_.image);
    options.labels = submission_.labels;
    options.labels["io.kiln.build-id"] = build_.record.id;
    options.target = submission_.target;
    options.platform = submission_.platform;
    options.network = context_.config.network;
    for (const auto& unit : *units) {
      auto request = image_build_request(unit, *analysis_, options, units->size());
      if (unit.dockerfile_path.empty()) request.extra_files = ca_files;
      int last_step = 0;
      auto sink = [&, name = units->size() > 1 ? unit.name : std::string()](const sdk::BuildEvent& event) {
        if (event.kind == sdk::BuildEvent::Kind::Step) last_step = event.step;
        reporter_.event(name, event);
      };
      auto result = runner_->build(request, sink, build_.cancel);
      if (!result.ok)
        return fail(ErrorCode::BuildFailed, "build of " + unit.name + " failed: " + result.error,
                    last_step > 0 ? std::optional<int>(last_step) : std::nullopt, result.exit_code);
      images_.push_back(result.image_id);
      reporter_.update([&](BuildRecord& record) {
        if (record.image_id.empty()) record.image_id = result.image_id;
        record.image_size += result.size_bytes;
        for (const auto& tag : result.tags) record.tags.push_back(tag);
      });
      reporter_.log("system", "built " + result.image_id);
    }
    unit_names_.clear();
    for (const auto& unit : *units) unit_names_.push_back(unit.name);
    return true;
  }

  bool push_images() {
    if (!submission_.push) return true;
    reporter_.status(BuildStatus::Pushing);
    auto base = submission_.image.empty() ? image_name_for(analysis_->tree->name()) + ":latest" : submission_.image;
    for (std::size_t i = 0; i < images_.size(); ++i) {
      auto destination = push_destination(*submission_.push, base);
      if (images_.size() > 1) destination = tag_for_service(destination, unit_names_[i]);
      auto pushed = push_built_image(runner_->engine(), images_[i], destination, *submission_.push, reporter_, build_.cancel);
      if (!pushed) return fail(ErrorCode::PushFailed, pushed.error().message);
      reporter_.update([&](BuildRecord& record) {
        if (record.image_digest.empty()) record.image_digest = pushed->digest;
        record.tags.push_back(pushed->reference);
      });
    }
    return true;
  }

  BuildReporter& reporter_;
  const ExecutorContext& context_;
  ActiveBuild& build_;
  const BuildSubmission& submission_;
  std::filesystem::path source_root_;
  std::shared_ptr<const BuildpackRegistry> registry_;
  std::optional<Analysis> analysis_;
  std::optional<DockerRunner> runner_;
  std::vector<std::string> images_;
  std::vector<std::string> unit_names_;
};

}  // namespace

Result<PushResult> push_built_image(const DockerEngine& engine, const std::string& image, const std::string& destination,
                                    const PushTarget& target, BuildReporter& reporter, const std::atomic<bool>& cancelled) {
  std::optional<RegistryCredentials> credentials;
  if (!target.username.empty()) credentials = RegistryCredentials{target.username, target.password, ""};
  reporter.log("system", "pushing " + destination);
  auto pushed = push_image(engine, image, destination, credentials ? &*credentials : nullptr,
                           [&](const sdk::BuildEvent& event) { reporter.event("", event); }, cancelled);
  if (pushed) reporter.log("system", "pushed " + pushed->reference + "@" + pushed->digest);
  return pushed;
}

MaterializeOptions materialize_options(const ExecutorContext& context, const std::atomic<bool>* cancelled,
                                       std::function<void(const std::string&)> log) {
  MaterializeOptions options;
  options.git_policy.allow_file_urls = context.config.allow_file_git_urls;
  options.max_download_bytes = static_cast<std::uint64_t>(context.config.max_upload_bytes);
  options.cancelled = cancelled;
  options.log = std::move(log);
  options.ca_bundle_file = context.config.ca_bundle;
  options.uploaded_bundle = [&bundles = context.bundles](const std::string& id) { return bundles.path_of(id); };
  return options;
}

AppConfig app_overrides(const BuildSubmission& submission) {
  AppConfig overrides;
  if (!submission.buildpack.empty()) overrides.buildpack = submission.buildpack;
  overrides.env = submission.env;
  overrides.build_args = submission.build_args;
  overrides.target = submission.target;
  return overrides;
}

void mask_json(nlohmann::json& value, const SecretMasker& masker) {
  if (masker.empty()) return;
  if (value.is_string()) value = masker.mask(value.get<std::string>());
  else if (value.is_structured())
    for (auto& item : value) mask_json(item, masker);
}

void execute_push(BuildReporter& reporter, const ExecutorContext& context) {
  auto& build = *reporter.build();
  reporter.status(BuildStatus::Pushing);
  auto record = build.snapshot();
  auto engine = DockerEngine::connect(engine_address(context.config.engine));
  if (!engine) return reporter.finish(BuildStatus::Failed, BuildFailure{ErrorCode::EngineUnavailable, engine.error().message, {}, {}});
  auto image = record.tags.empty() ? build.submission.image : record.tags.front();
  if (image.empty()) image = "app:latest";
  auto pushed = push_built_image(*engine, record.image_id, push_destination(*build.submission.push, image),
                                 *build.submission.push, reporter, build.cancel);
  if (!pushed && build.cancel) {
    // A cancelled push leaves the build what it was: succeeded, its image in the engine.
    reporter.log("system", "push cancelled");
    return reporter.finish(BuildStatus::Succeeded, std::nullopt);
  }
  if (!pushed) return reporter.finish(BuildStatus::Failed, BuildFailure{ErrorCode::PushFailed, pushed.error().message, {}, {}});
  reporter.update([&](BuildRecord& r) {
    r.image_digest = pushed->digest;
    r.tags.push_back(pushed->reference);
  });
  reporter.finish(BuildStatus::Succeeded, std::nullopt);
}

void execute_build(BuildReporter& reporter, const ExecutorContext& context) {
  try {
    BuildRun(reporter, context).run();
  } catch (const std::exception& e) {
    // Nothing below should throw; if it does, the build still ends with a reason and the server lives.
    reporter.finish(BuildStatus::Failed, BuildFailure{ErrorCode::InternalError, std::string("internal error: ") + e.what(), {}, {}});
  }
}

}  // namespace kiln::service
