#include "service/build_record.hpp"

#include <array>
#include <utility>

#include "service/utc_timestamp.hpp"

namespace kiln::service {
namespace {

constexpr std::array<std::pair<BuildStatus, std::string_view>, 9> kStatusNames{{
    {BuildStatus::Queued, "queued"},
    {BuildStatus::Fetching, "fetching"},
    {BuildStatus::Detecting, "detecting"},
    {BuildStatus::Building, "building"},
    {BuildStatus::Pushing, "pushing"},
    {BuildStatus::Succeeded, "succeeded"},
    {BuildStatus::Failed, "failed"},
    {BuildStatus::Cancelled, "cancelled"},
    {BuildStatus::TimedOut, "timed_out"},
}};

nlohmann::json optional_time(const std::optional<std::int64_t>& epoch_ms) {
  return epoch_ms ? nlohmann::json(rfc3339_utc_ms(*epoch_ms)) : nlohmann::json(nullptr);
}

}  // namespace

std::string_view to_string(BuildStatus status) {
  for (const auto& [value, name] : kStatusNames)
    if (value == status) return name;
  return "unknown";
}

std::optional<BuildStatus> parse_build_status(std::string_view text) {
  for (const auto& [value, name] : kStatusNames)
    if (name == text) return value;
  return std::nullopt;
}

bool is_final(BuildStatus status) {
  return status == BuildStatus::Succeeded || status == BuildStatus::Failed || status == BuildStatus::Cancelled ||
         status == BuildStatus::TimedOut;
}

nlohmann::json to_json(const BuildFailure& failure) {
  return {
      {"code", to_string(failure.code)},
      {"message", failure.message},
      {"step", failure.step ? nlohmann::json(*failure.step) : nlohmann::json(nullptr)},
      {"exit_code", failure.exit_code ? nlohmann::json(*failure.exit_code) : nlohmann::json(nullptr)},
  };
}

nlohmann::json to_json(const BuildRecord& record) {
  // A build has an image only once the engine reported one; until then the
  // API says null rather than showing empty fields that look like a result.
  nlohmann::json image = nullptr;
  if (!record.image_id.empty())
    image = {{"id", record.image_id}, {"digest", record.image_digest}, {"size", record.image_size}, {"tags", record.tags}};
  return {
      {"id", record.id},
      {"status", to_string(record.status)},
      {"progress", record.progress},
      {"current_step", record.current_step},
      {"detection", record.detection},
      {"plan", record.plan},
      {"revision", record.revision.empty() ? nlohmann::json(nullptr) : nlohmann::json(record.revision)},
      {"image", std::move(image)},
      {"error", record.failure ? to_json(*record.failure) : nlohmann::json(nullptr)},
      {"created_at", rfc3339_utc_ms(record.created_at_ms)},
      {"started_at", optional_time(record.started_at_ms)},
      {"finished_at", optional_time(record.finished_at_ms)},
      {"request", record.request},
  };
}

nlohmann::json to_json(const LogLine& line) {
  return {{"seq", line.seq}, {"time", rfc3339_utc_ms(line.time_ms)}, {"stream", line.stream}, {"text", line.text}};
}

}  // namespace kiln::service
