#include "service/build_executor.hpp"

#include "core/pipeline.hpp"
#include "runners/docker_image_engine.hpp"
#include "runners/engine_endpoint.hpp"
#include "service/git_credentials_config.hpp"

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

std::optional<RegistryCredentials> credentials_of(const PushTarget& target) {
  if (target.username.empty()) return std::nullopt;
  return RegistryCredentials{target.username, target.password, ""};
}

class BuildRun {
 public:
  BuildRun(BuildReporter& reporter, const ExecutorContext& context)
      : reporter_(reporter), context_(context), build_(*reporter.build()), submission_(build_.submission) {}

  void run() {
    WorkFolder work(context_.config.work_dir() / build_.record.id);
    auto registry = context_.catalog.snapshot();
    auto outcome = run_pipeline(*registry, request(work.path()), hooks(), build_.cancel);
    if (stopped()) return;
    if (outcome.failure) {
      auto& failure = *outcome.failure;
      reporter_.finish(BuildStatus::Failed, BuildFailure{failure.error.code, failure.error.message, failure.step, failure.exit_code});
      return;
    }
    reporter_.finish(BuildStatus::Succeeded, std::nullopt);
  }

 private:
  PipelineRequest request(const std::filesystem::path& work) const {
    PipelineRequest request;
    auto options = materialize_options(context_, &build_.cancel, [this](const std::string& line) { reporter_.log("fetch", line); });
    auto remaining = build_.deadline - std::chrono::steady_clock::now();
    if (remaining < std::chrono::hours(24 * 365))
      options.timeout = std::max(std::chrono::seconds(1), std::chrono::duration_cast<std::chrono::seconds>(remaining));
    request.fetch = source_fetch(submission_.source, work, std::move(options));
    request.overrides = app_overrides(submission_);
    for (const auto& [name, image] : context_.config.stacks) request.stack_overrides.push_back(name + "=" + image);
    if (!context_.config.stack_catalogue.empty()) request.stack_catalogue = context_.config.stack_catalogue;
    request.ca_bundle_pem = context_.ca_bundle_pem;
    request.connect_engine = [this] {
      return connect_docker_engine(engine_address(context_.config.engine),
                                   submission_.push ? credentials_of(*submission_.push) : std::nullopt);
    };
    if (!submission_.image.empty()) request.image.tags.push_back(submission_.image);
    request.image.labels = submission_.labels;
    request.image.labels["io.kiln.build-id"] = build_.record.id;
    request.image.target = submission_.target;
    request.image.platform = submission_.platform;
    request.image.network = context_.config.network;
    if (submission_.push) {
      request.push_destinations = [this](const Analysis& analysis) {
        auto base = submission_.image.empty() ? image_name_for(analysis.tree->name()) + ":latest" : submission_.image;
        return std::vector<std::string>{push_destination(*submission_.push, base)};
      };
    }
    return request;
  }

  PipelineHooks hooks() {
    PipelineHooks hooks;
    hooks.stage = [this](PipelineStage stage) {
      switch (stage) {
        case PipelineStage::Fetch: return reporter_.status(BuildStatus::Fetching);
        case PipelineStage::Analyse: return reporter_.status(BuildStatus::Detecting);
        case PipelineStage::Build: return reporter_.status(BuildStatus::Building);
        case PipelineStage::Push: return reporter_.status(BuildStatus::Pushing);
        default: return;
      }
    };
    hooks.note = [this](const std::string& line) { reporter_.log("system", line); };
    hooks.warning = [this](const std::string& line) { reporter_.log("system", "warning: " + line); };
    hooks.fetched = [this](const AppSource& source) {
      reporter_.update([&](BuildRecord& record) { record.revision = source.revision; });
      reporter_.log("system", "source ready (" + source.revision + ")");
    };
    hooks.analysed = [this](const Analysis& analysis) {
      auto detection = to_json(analysis.report);
      mask_json(detection, build_.masker);
      reporter_.update([&](BuildRecord& record) { record.detection = detection; });
    };
    hooks.planned = [this](const sdk::BuildPlan& plan) {
      nlohmann::json plan_json = plan;
      mask_json(plan_json, build_.masker);
      reporter_.update([&](BuildRecord& record) { record.plan = plan_json; });
      reporter_.log("system", "buildpack " + plan.buildpack);
    };
    hooks.event = [this](const BuildUnit& unit, std::size_t units, const sdk::BuildEvent& event) {
      reporter_.event(units > 1 ? unit.name : std::string(), event);
    };
    hooks.built = [this](const BuildUnit&, const sdk::BuildResult& result) {
      reporter_.update([&](BuildRecord& record) {
        if (record.image_id.empty()) record.image_id = result.image_id;
        record.image_size += result.size_bytes;
        for (const auto& tag : result.tags) record.tags.push_back(tag);
      });
      reporter_.log("system", "built " + result.image_id);
    };
    hooks.pushed = [this](const BuildUnit&, const PushResult& pushed) {
      reporter_.update([&](BuildRecord& record) {
        if (record.image_digest.empty()) record.image_digest = pushed.digest;
        record.tags.push_back(pushed.reference);
      });
    };
    return hooks;
  }

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

  BuildReporter& reporter_;
  const ExecutorContext& context_;
  ActiveBuild& build_;
  const BuildSubmission& submission_;
};

}  // namespace

std::function<Result<AppSource>()> source_fetch(const SourceSpec& spec, std::filesystem::path work, MaterializeOptions options) {
  return [&spec, work = std::move(work), options = std::move(options)] { return materialize_source(spec, work, options); };
}

MaterializeOptions materialize_options(const ExecutorContext& context, const std::atomic<bool>* cancelled,
                                       std::function<void(const std::string&)> log) {
  MaterializeOptions options;
  options.git_policy.allow_file_urls = context.config.allow_file_git_urls;
  options.max_download_bytes = static_cast<std::uint64_t>(context.config.max_upload_bytes);
  options.cancelled = cancelled;
  options.log = std::move(log);
  options.ca_bundle_file = context.config.ca_bundle;
  options.git_mirror_root = context.config.git_mirrors_dir();
  options.git_credentials = context.config.git_credentials;
  // git never prints a token it reads from a file; should a remote echo one back, it is masked here too.
  if (auto secrets = git_credential_secrets(context.config.git_credentials); !secrets.empty() && options.log)
    options.log = [log = std::move(options.log), masker = std::make_shared<SecretMasker>(std::move(secrets))](const std::string& line) {
      log(masker->mask(line));
    };
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
  auto engine = connect_docker_engine(engine_address(context.config.engine), credentials_of(*build.submission.push));
  if (!engine) return reporter.finish(BuildStatus::Failed, BuildFailure{ErrorCode::EngineUnavailable, engine.error().message, {}, {}});
  auto image = record.tags.empty() ? build.submission.image : record.tags.front();
  if (image.empty()) image = "app:latest";
  auto destination = push_destination(*build.submission.push, image);
  reporter.log("system", "pushing " + destination);
  auto pushed = (*engine)->push(record.image_id, destination, [&](const sdk::BuildEvent& event) { reporter.event("", event); },
                                build.cancel);
  if (!pushed && build.cancel) {
    // A cancelled push leaves the build what it was: succeeded, its image in the engine.
    reporter.log("system", "push cancelled");
    return reporter.finish(BuildStatus::Succeeded, std::nullopt);
  }
  if (!pushed) return reporter.finish(BuildStatus::Failed, BuildFailure{ErrorCode::PushFailed, pushed.error().message, {}, {}});
  reporter.log("system", "pushed " + pushed->reference + "@" + pushed->digest);
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
