#include "service/app_watcher.hpp"

#include "runners/engine_endpoint.hpp"
#include "runners/image_retention.hpp"
#include "service/utc_timestamp.hpp"
#include "sources/git_mirror.hpp"
#include "sources/url_redaction.hpp"

namespace kiln::service {
namespace {

constexpr auto kLsRemoteTimeout = std::chrono::seconds(30);
// How often finished builds are copied into their deployments.
constexpr auto kFollowInterval = std::chrono::seconds(1);

}  // namespace

BuildSubmission watched_app_submission(const WatchedApp& app, const std::string& commit, const std::string& image) {
  BuildSubmission submission;
  submission.source.kind = SourceSpec::Kind::Git;
  submission.source.git.url = app.repo;
  submission.source.git.ref = app.branch;
  submission.source.git.commit = commit;
  submission.source.git.subdir = app.context;
  submission.buildpack = app.buildpack;
  submission.image = image;
  // Retention finds an app's images by this label.
  submission.labels[kAppLabel] = app.name;
  if (!app.registry.empty()) submission.push = PushTarget{app.registry, app.namespace_, {}, {}};
  return submission;
}

AppWatcher::AppWatcher(const ServerConfig& config, BuildService& builds, DeploymentStore& deployments, ServerLog& log)
    : config_(config), builds_(builds), deployments_(deployments), log_(log), apps_(config.apps) {}

AppWatcher::~AppWatcher() { stop(); }

const WatchedApp* AppWatcher::find(const std::string& name) const {
  for (const auto& app : apps_)
    if (app.name == name) return &app;
  return nullptr;
}

WatchState AppWatcher::state(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = states_.find(name);
  return it == states_.end() ? WatchState{} : it->second;
}

Result<std::optional<DeployTarget>> AppWatcher::target_of(const Deployment& deployment) {
  auto slash = deployment.app.find('/');
  const auto* app = find(deployment.app.substr(0, slash));
  if (!app) return std::optional<DeployTarget>();  // an app no longer in the config: nothing to build it with
  if (slash == std::string::npos) return std::optional<DeployTarget>(DeployTarget{*app, std::nullopt});
  const auto sub_name = deployment.app.substr(slash + 1);
  auto as_target = [&](const std::vector<RepoApp>& subs) -> std::optional<DeployTarget> {
    for (const auto& sub : subs)
      if (sub.name == sub_name) return sub_app_target(*app, sub);
    return std::nullopt;
  };
  {
    std::lock_guard lock(mutex_);
    if (auto known = sub_apps_.find(app->name); known != sub_apps_.end())
      if (auto target = as_target(known->second)) return target;
  }
  // Not seen since the start: the manifest as it was at the deployment's commit, which the mirror has.
  auto repo = WatchedRepo::open(config_, *app);
  if (!repo) return repo.error();
  auto subs = repo_apps_at((*repo)->mirror(), *app, deployment.commit);
  if (!subs) return subs.error();
  return as_target(*subs);
}

Status AppWatcher::submit_claimed() {
  std::lock_guard one_check(check_mutex_);  // a claim being submitted right now is not taken for a lost one
  auto left = deployments_.unsubmitted();
  if (!left) return left.error();
  for (const auto& deployment : *left) {
    auto target = target_of(deployment);
    if (!target || !*target) continue;
    log_.info("submitting a claimed deployment that has no build yet", {{"app", deployment.app}, {"commit", deployment.commit}});
    if (auto submitted = submit(**target, deployment); !submitted)
      log_.warn("cannot submit a claimed deployment", {{"app", deployment.app}, {"error", submitted.error().message}});
  }
  return Ok{};
}

Status AppWatcher::start() {
  if (auto submitted = submit_claimed(); !submitted) return submitted;
  if (apps_.empty()) return Ok{};
  {
    std::lock_guard lock(mutex_);
    for (const auto& app : apps_) due_[app.name] = std::chrono::steady_clock::now();  // a commit pushed while down is seen now
  }
  thread_ = std::thread([this] { loop(); });
  return Ok{};
}

void AppWatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AppWatcher::trigger(const std::string& name) {
  {
    std::lock_guard lock(mutex_);
    due_[name] = std::chrono::steady_clock::time_point::min();
  }
  wake_.notify_all();
}

void AppWatcher::loop() {
  // Retention a stopped server did not get to (killed between a build's end and its retention).
  for (const auto& app : apps_) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    keep_newest_images(app);
  }
  auto next_follow = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    std::vector<std::string> due_now;
    auto next = next_follow;
    for (auto& [name, when] : due_) {
      if (when <= now) due_now.push_back(name);
      else next = std::min(next, when);
    }
    if (due_now.empty() && now < next_follow) {
      wake_.wait_until(lock, next);
      continue;
    }
    for (const auto& name : due_now) due_[name] = now + find(name)->interval;
    lock.unlock();
    for (const auto& name : due_now)
      if (auto checked = check_now(name, "poll"); !checked)
        log_.warn("watched app check failed", {{"app", name}, {"error", checked.error().message}});
    if (std::chrono::steady_clock::now() >= next_follow) {
      follow_builds();
      next_follow = std::chrono::steady_clock::now() + kFollowInterval;
    }
    lock.lock();
  }
}

Result<std::string> AppWatcher::remote_head(const WatchedApp& app) const {
  // As a build's fetch of the same repository: the URL rules, credentials and CA bundle of the server config.
  FetchOptions options;
  options.policy.allow_file_urls = config_.allow_file_git_urls;
  options.timeout = kLsRemoteTimeout;
  options.ca_bundle_file = config_.ca_bundle;
  options.credentials = config_.git_credentials;
  const std::string ref = "refs/heads/" + app.branch;
  auto refs = git_ls_remote(app.repo, options, {ref});
  if (!refs) return refs.error();
  for (const auto& listed : *refs)
    if (listed.name == ref) return listed.commit;
  return Error{ErrorCode::FetchFailed, redact_url(app.repo) + " has no branch '" + app.branch + "'"};
}

std::vector<RepoApp> AppWatcher::sub_apps(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = sub_apps_.find(name);
  return it == sub_apps_.end() ? std::vector<RepoApp>{} : it->second;
}

Result<std::vector<Deployment>> AppWatcher::check_now(const std::string& name, const std::string& trigger) {
  const auto* app = find(name);
  if (!app) return Error{ErrorCode::NotFound, "no watched app '" + name + "'"};
  std::lock_guard one_check(check_mutex_);
  auto head = remote_head(*app);
  auto record = [&](const std::string& error) {
    std::lock_guard lock(mutex_);
    auto& state = states_[name];
    state.checked_at_ms = now_epoch_ms();
    state.error = error;
    if (head) state.head = *head;
  };
  if (!head) {
    record(head.error().message);
    return head.error();
  }
  // A head looked into already needs no fetch: its deployments are claimed, or it had nothing to build.
  if (auto looked = looked_.find(name); looked != looked_.end() && looked->second.head == *head) {
    record(looked->second.error);
    if (!looked->second.error.empty()) return Error{ErrorCode::InvalidConfig, looked->second.error};
    return std::vector<Deployment>();
  }
  auto started = deploy_head(*app, *head, trigger);
  // A failed fetch is tried again at the next poll; a manifest refused stays refused until the head moves.
  if (started || started.error().code == ErrorCode::InvalidConfig) looked_[name] = {*head, started ? "" : started.error().message};
  record(started ? std::string() : started.error().message);
  return started;
}

Result<std::vector<Deployment>> AppWatcher::deploy_head(const WatchedApp& app, const std::string& head, const std::string& trigger) {
  std::vector<Deployment> started;
  auto add = [&](Result<std::optional<Deployment>> deployed) -> Status {
    if (!deployed) return deployed.error();
    if (*deployed) started.push_back(**deployed);
    return Ok{};
  };
  // A one-app repository built at this head already (a restart): no fetch to learn that.
  auto latest = deployments_.latest(app.name);
  if (!latest) return latest.error();
  if (*latest && (*latest)->commit == head) return started;

  auto repo = WatchedRepo::open(config_, app);
  if (!repo) return repo.error();
  if (auto fetched = (*repo)->fetch(); !fetched) return fetched.error();
  auto subs = repo_apps_at((*repo)->mirror(), app, head);
  if (!subs) {
    log_.warn("the repository's [[apps]] are refused: nothing is built", {{"app", app.name}, {"commit", head}, {"error", subs.error().message}});
    return subs.error();
  }
  {
    std::lock_guard lock(mutex_);
    sub_apps_[app.name] = *subs;
  }
  if (subs->empty()) {
    if (auto deployed = add(deploy(DeployTarget{app, std::nullopt}, head, trigger)); !deployed) return deployed.error();
    return started;
  }
  for (const auto& sub : *subs) {
    auto target = sub_app_target(app, sub);
    auto last = deployments_.latest(target.app.name);
    if (!last) return last.error();
    auto changed = sub_app_changed((*repo)->mirror(), app, sub, *last ? std::optional<std::string>((*last)->commit) : std::nullopt, head);
    if (!changed) return changed.error();
    if (!*changed) {
      log_.info("nothing of this sub-app changed: not rebuilt", {{"app", target.app.name}, {"commit", head}});
      continue;
    }
    if (auto deployed = add(deploy(target, head, trigger)); !deployed) return deployed.error();
  }
  return started;
}

Result<std::optional<Deployment>> AppWatcher::deploy(const DeployTarget& target, const std::string& commit, const std::string& trigger) {
  const auto& app = target.app;
  Deployment deployment;
  deployment.app = app.name;
  deployment.commit = commit;
  deployment.created_at_ms = now_epoch_ms();
  auto image = expand_image_template(app, {commit, deployment.created_at_ms / 1000});
  if (!image) return image.error();
  deployment.image = *image;
  deployment.build_id = new_build_id();
  deployment.trigger = trigger;
  deployment.status = "queued";
  // The claim is durable before the build exists: see deployment_store.hpp.
  auto claimed = deployments_.claim(deployment);
  if (!claimed) return claimed.error();
  if (!*claimed) return std::optional<Deployment>();
  log_.info("new commit on a watched branch: building", {{"app", app.name}, {"commit", commit}, {"trigger", trigger},
                                                         {"build", deployment.build_id}});
  if (auto submitted = submit(target, deployment); !submitted) return submitted.error();
  return std::optional<Deployment>(deployment);
}

Status AppWatcher::submit(const DeployTarget& target, const Deployment& deployment) {
  auto submitted = builds_.submit(target_submission(target, deployment.commit, deployment.image), deployment.build_id);
  if (!submitted) {
    // Left claimed without a build: the next start submits it (unsubmitted()).
    return submitted.error().with_context("submitting the build of " + target.app.name + " at " + deployment.commit);
  }
  return Ok{};
}

void AppWatcher::follow_builds() {
  // A claim whose submission failed (a full queue) is submitted again.
  if (auto submitted = submit_claimed(); !submitted) log_.warn("cannot read deployments", {{"error", submitted.error().message}});
  auto open = deployments_.unfinished();
  if (!open) return log_.warn("cannot read deployments", {{"error", open.error().message}});
  for (const auto& deployment : *open) {
    auto build = builds_.get(deployment.build_id);
    if (!build || !build->has_value()) continue;
    const auto& record = **build;
    const std::string status(to_string(record.status));
    if (status == deployment.status) continue;
    const auto& digest = record.image_digest.empty() ? record.image_id : record.image_digest;
    if (auto saved = deployments_.set_outcome(deployment.build_id, status, digest); !saved)
      log_.warn("cannot update a deployment", {{"app", deployment.app}, {"error", saved.error().message}});
    if (is_final(record.status))
      log_.info("deployment finished", {{"app", deployment.app}, {"commit", deployment.commit}, {"status", status}});
    if (record.status == BuildStatus::Succeeded)
      if (auto target = target_of(deployment); target && *target) keep_newest_images((*target)->app);
  }
}

void AppWatcher::keep_newest_images(const WatchedApp& app) {
  auto engine = DockerEngine::connect(engine_address(config_.engine));
  if (!engine) return log_.warn("retention: the engine does not answer", {{"app", app.name}, {"error", engine.error().message}});
  auto outcome = remove_images_beyond(*engine, kAppLabel, app.name, app.keep);
  if (!outcome) return log_.warn("retention failed", {{"app", app.name}, {"error", outcome.error().message}});
  if (!outcome->removed.empty()) log_.info("retention: removed old images", {{"app", app.name}, {"keep", app.keep}, {"tags", outcome->removed}});
  if (!outcome->kept_in_use.empty()) log_.info("retention: kept images a running container uses", {{"app", app.name}, {"images", outcome->kept_in_use}});
  if (!outcome->refused.empty()) log_.warn("retention: the engine refused to remove", {{"app", app.name}, {"tags", outcome->refused}});
}

}  // namespace kiln::service
