#include "service/build_service.hpp"

#include <fstream>

#include "service/utc_timestamp.hpp"

namespace kiln::service {
namespace {

constexpr auto kTick = std::chrono::milliseconds(100);

Error not_found(const std::string& id) { return Error{ErrorCode::NotFound, "no build " + id}; }

}  // namespace

std::string new_build_id() {
  // /dev/urandom: ids are unguessable, so knowing one build's id says nothing of another's.
  std::ifstream random("/dev/urandom", std::ios::binary);
  unsigned char bytes[12];
  random.read(reinterpret_cast<char*>(bytes), sizeof bytes);
  static const char* hex = "0123456789abcdef";
  std::string id = "b";
  for (unsigned char byte : bytes) {
    id += hex[byte >> 4];
    id += hex[byte & 15];
  }
  return id;
}

BuildService::BuildService(const ServerConfig& config, BuildStore& store, BuildpackCatalog& catalog,
                           const BundleStore& bundles, ServerLog& log, std::optional<std::string> ca_bundle_pem)
    : config_(config), store_(store), log_(log), executor_{config, catalog, bundles, std::move(ca_bundle_pem)} {}

BuildService::~BuildService() { shutdown(std::chrono::seconds(0)); }

void BuildService::enqueue_recovered(const std::string& id) {
  auto record = store_.get(id);
  if (!record || !record->has_value()) return;
  auto submission = submission_from_public_json((*record)->request);
  const bool needs_secrets = submission && submission->has_secrets();
  auto build = std::make_shared<ActiveBuild>(**record, submission ? std::move(submission.value()) : BuildSubmission{});
  BuildReporter reporter(build, store_, feed_, log_);
  if (!submission) {
    reporter.finish(BuildStatus::Failed, BuildFailure{ErrorCode::ServerRestart, "cannot resume after a restart: " + submission.error().message, {}, {}});
  } else if (needs_secrets) {
    // Secrets are never stored, so a queued build that needs one cannot run after a restart.
    reporter.finish(BuildStatus::Failed,
                    BuildFailure{ErrorCode::SecretsLost, "the server restarted while the build was queued; its secrets are kept in memory only, so submit it again", {}, {}});
  } else {
    std::lock_guard lock(mutex_);
    queue_.push_back(build);
    active_[id] = build;
  }
}

Status BuildService::start() {
  auto recovered = store_.recover();
  if (!recovered) return recovered.error();
  for (const auto& id : recovered->failed_ids) {
    log_.warn("build was running when the server stopped; marked failed", {{"build", id}});
    (void)store_.append_logs(id, {LogLine{0, now_epoch_ms(), "error", "the server stopped while this build was running"}});
  }
  for (const auto& id : recovered->queued_ids) enqueue_recovered(id);
  if (!recovered->queued_ids.empty()) log_.info("resuming queued builds", {{"count", recovered->queued_ids.size()}});
  {
    std::lock_guard lock(mutex_);
    accepting_ = true;
  }
  for (int i = 0; i < config_.max_concurrent_builds; ++i) workers_.emplace_back([this] { worker(); });
  ticker_ = std::thread([this] { ticker(); });
  return Ok{};
}

Result<BuildRecord> BuildService::submit(BuildSubmission submission, std::string id) {
  BuildRecord record;
  record.id = id.empty() ? new_build_id() : std::move(id);
  record.status = BuildStatus::Queued;
  record.request = submission.public_json();
  record.created_at_ms = now_epoch_ms();
  std::unique_lock lock(mutex_);
  if (!accepting_) return Error{ErrorCode::ShuttingDown, "the server is shutting down; try again shortly"};
  if (queue_.size() >= static_cast<std::size_t>(config_.max_queued_builds))
    return Error{ErrorCode::QueueFull, "the build queue is full (" + std::to_string(config_.max_queued_builds) +
                                   " builds waiting); retry later"};
  auto stored = store_.insert(std::move(record));
  if (!stored) return stored.error();
  auto build = std::make_shared<ActiveBuild>(*stored, std::move(submission));
  queue_.push_back(build);
  active_[build->record.id] = build;
  lock.unlock();
  work_available_.notify_one();
  feed_.changed(stored->id);
  return stored;
}

Result<std::optional<BuildRecord>> BuildService::get(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = active_.find(id); it != active_.end()) return std::optional<BuildRecord>(it->second->snapshot());
  }
  return store_.get(id);
}

Result<BuildRecord> BuildService::cancel(const std::string& id) {
  std::shared_ptr<ActiveBuild> queued;
  {
    std::lock_guard lock(mutex_);
    auto it = active_.find(id);
    if (it != active_.end()) {
      auto in_queue = std::find(queue_.begin(), queue_.end(), it->second);
      // A build that just ended is still active for a moment; it is as finished as a stored one.
      if (in_queue == queue_.end() && is_final(it->second->snapshot().status))
        return Error{ErrorCode::Conflict, "build " + id + " already ended (" + std::string(to_string(it->second->snapshot().status)) + ")"};
      if (in_queue == queue_.end()) {
        it->second->stop(StopReason::Cancelled);  // running: the build notices and ends as cancelled
        return it->second->snapshot();
      }
      queued = it->second;
      queue_.erase(in_queue);
      active_.erase(it);
    }
  }
  if (queued && queued->push_only) {
    // Dropping a push that has not started leaves the build as it was: succeeded, with its image.
    log_.info("push cancelled before it started", {{"build", id}});
    auto stored = store_.get(id);
    if (!stored) return stored.error();
    if (!stored->has_value()) return not_found(id);
    return **stored;
  }
  if (queued) {
    BuildReporter reporter(queued, store_, feed_, log_);
    reporter.finish(BuildStatus::Cancelled, BuildFailure{ErrorCode::Cancelled, "cancelled on request before it started", {}, {}});
    return queued->snapshot();
  }
  auto stored = store_.get(id);
  if (!stored) return stored.error();
  if (!stored->has_value()) return not_found(id);
  return Error{ErrorCode::Conflict, "build " + id + " already ended (" + std::string(to_string((*stored)->status)) + ")"};
}

Result<BuildRecord> BuildService::push(const std::string& id, const PushTarget& target) {
  auto stored = get(id);
  if (!stored) return stored.error();
  if (!stored->has_value()) return not_found(id);
  auto record = std::move(**stored);
  if (record.status != BuildStatus::Succeeded || record.image_id.empty())
    return Error{ErrorCode::Conflict, "only a succeeded build can be pushed; " + id + " is " + std::string(to_string(record.status))};
  auto request = submission_from_public_json(record.request);
  BuildSubmission submission = request ? std::move(request.value()) : BuildSubmission{};
  submission.push = target;
  record.status = BuildStatus::Queued;
  std::unique_lock lock(mutex_);
  if (!accepting_) return Error{ErrorCode::ShuttingDown, "the server is shutting down; try again shortly"};
  if (auto it = active_.find(id); it != active_.end() && !is_final(it->second->snapshot().status))
    return Error{ErrorCode::Conflict, "build " + id + " is still running or being pushed"};
  auto build = std::make_shared<ActiveBuild>(record, std::move(submission));
  build->push_only = true;
  queue_.push_back(build);
  active_[id] = build;
  lock.unlock();
  work_available_.notify_one();
  return build->snapshot();
}

std::shared_ptr<ActiveBuild> BuildService::next_build() {
  std::unique_lock lock(mutex_);
  work_available_.wait(lock, [&] { return stopping_ || (accepting_ && !queue_.empty()); });
  if (stopping_) return nullptr;
  auto build = queue_.front();
  queue_.pop_front();
  return build;
}

void BuildService::worker() {
  while (auto build = next_build()) run(build);
}

void BuildService::run(const std::shared_ptr<ActiveBuild>& build) {
  const auto& id = build->record.id;
  auto timeout = build->submission.timeout.value_or(config_.build_timeout);
  build->deadline = std::chrono::steady_clock::now() + timeout;
  auto reporter = std::make_shared<BuildReporter>(build, store_, feed_, log_);
  {
    std::lock_guard lock(mutex_);
    running_[id] = reporter;
  }
  log_.info(build->push_only ? "push started" : "build started", {{"build", id}});
  if (build->push_only) execute_push(*reporter, executor_);
  else execute_build(*reporter, executor_);
  auto done = build->snapshot();
  double seconds = done.finished_at_ms && done.started_at_ms ? (*done.finished_at_ms - *done.started_at_ms) / 1000.0 : 0;
  if (!build->push_only) durations_.record(std::string(to_string(done.status)), seconds);
  log_.info(build->push_only ? "push ended" : "build ended",
            {{"build", id}, {"status", to_string(done.status)}, {"seconds", seconds}});
  {
    // A push of this build may already have taken its place under the same id: remove only our own entries.
    std::lock_guard lock(mutex_);
    if (auto it = running_.find(id); it != running_.end() && it->second == reporter) running_.erase(it);
    if (auto it = active_.find(id); it != active_.end() && it->second == build) active_.erase(it);
  }
  idle_.notify_all();
}

void BuildService::ticker() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto reporters = running_;
    lock.unlock();
    auto now = std::chrono::steady_clock::now();
    for (const auto& [id, reporter] : reporters) {
      if (now >= reporter->build()->deadline && !reporter->build()->cancel) reporter->build()->stop(StopReason::TimedOut);
      reporter->flush();
    }
    lock.lock();
    tick_.wait_for(lock, kTick, [&] { return stopping_; });
  }
}

ServiceStats BuildService::stats() const {
  ServiceStats stats;
  {
    std::lock_guard lock(mutex_);
    stats.queued = queue_.size();
    stats.running = running_.size();
  }
  stats.durations = durations_.snapshot();
  return stats;
}

int BuildService::retry_after_seconds() const {
  // A rough wait: the time for the running builds to make room, at least a few seconds.
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::clamp<std::size_t>(queue_.size() / std::max(1, config_.max_concurrent_builds), 5, 300));
}

void BuildService::shutdown(std::chrono::seconds grace) {
  std::unique_lock lock(mutex_);
  if (stopping_ && workers_.empty()) return;
  accepting_ = false;
  if (!idle_.wait_for(lock, grace, [&] { return running_.empty(); })) {
    log_.warn("grace period over; cancelling running builds", {{"running", running_.size()}});
    for (auto& [id, reporter] : running_) reporter->build()->stop(StopReason::Shutdown);
    idle_.wait(lock, [&] { return running_.empty(); });
  }
  stopping_ = true;
  lock.unlock();
  work_available_.notify_all();
  tick_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  if (ticker_.joinable()) ticker_.join();
  feed_.wake_all();
}

}  // namespace kiln::service
