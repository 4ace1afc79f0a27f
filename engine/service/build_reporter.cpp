#include "service/build_reporter.hpp"

#include "service/utc_timestamp.hpp"

namespace kiln::service {
namespace {
constexpr auto kRecordSaveInterval = std::chrono::milliseconds(300);
constexpr std::size_t kMaxLineBytes = 16 * 1024;  // a runaway line is cut, not stored whole
}  // namespace

void BuildReporter::status(BuildStatus status) {
  update([&](BuildRecord& record) {
    record.status = status;
    if (!record.started_at_ms && status != BuildStatus::Queued) record.started_at_ms = now_epoch_ms();
  });
  log("system", "status: " + std::string(to_string(status)));
  flush(true);
}

void BuildReporter::log(const std::string& stream, const std::string& text) {
  LogLine line;
  line.time_ms = now_epoch_ms();
  line.stream = stream;
  line.text = build_->masker.mask(text.size() > kMaxLineBytes ? text.substr(0, kMaxLineBytes) + " [cut]" : text);
  std::lock_guard lock(build_->mutex);
  build_->pending_lines.push_back(std::move(line));
}

void BuildReporter::event(const std::string& unit, const sdk::BuildEvent& event) {
  using Kind = sdk::BuildEvent::Kind;
  switch (event.kind) {
    case Kind::Step:
      update([&](BuildRecord& record) {
        record.current_step = build_->masker.mask(event.message);
        if (event.steps > 0) record.progress = 100.0 * (event.step - 1) / event.steps;
      });
      log("build", (unit.empty() ? "" : "[" + unit + "] ") + event.message);
      break;
    case Kind::Progress:
      update([&](BuildRecord& record) { record.progress = event.percent; });
      break;
    case Kind::Error: log("error", event.message); break;
    case Kind::Stage:
    case Kind::Log:
    case Kind::Done:
      if (!event.message.empty()) log("build", event.message);
      break;
  }
}

void BuildReporter::flush(bool force) {
  std::lock_guard flushing(flush_mutex_);
  std::vector<LogLine> lines;
  std::optional<BuildRecord> record;
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(build_->mutex);
    lines.swap(build_->pending_lines);
    if (dirty_ && (force || now - build_->last_saved >= kRecordSaveInterval)) {
      record = build_->record;
      build_->last_saved = now;
      dirty_ = false;
    }
  }
  const auto& id = build_->record.id;  // never changes
  if (!lines.empty())
    if (auto appended = store_.append_logs(id, std::move(lines)); !appended)
      log_.error("cannot store log lines", {{"build", id}, {"error", appended.error().message}});
  if (record)
    if (auto saved = store_.save(*record); !saved)
      log_.error("cannot save build", {{"build", id}, {"error", saved.error().message}});
  feed_.changed(id);
}

void BuildReporter::finish(BuildStatus status, std::optional<BuildFailure> failure) {
  if (failure) {
    failure->message = build_->masker.mask(failure->message);
    log("error", failure->message);
  }
  log("system", "status: " + std::string(to_string(status)));
  // Lines first, then the final status: whoever sees the build ended can rely on having every line.
  flush(true);
  update([&](BuildRecord& record) {
    record.status = status;
    record.failure = failure;
    record.finished_at_ms = now_epoch_ms();
    if (status == BuildStatus::Succeeded) record.progress = 100;
  });
  flush(true);
}

}  // namespace kiln::service
