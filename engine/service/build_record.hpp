#pragma once
// One build as the service knows it: what was asked (secrets removed), where
// it stands, and what came out. The store keeps these; the API shows them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error_code.hpp"

namespace kiln::service {

enum class BuildStatus { Queued, Fetching, Detecting, Building, Pushing, Succeeded, Failed, Cancelled, TimedOut };

std::string_view to_string(BuildStatus status);
std::optional<BuildStatus> parse_build_status(std::string_view text);
// Succeeded, Failed, Cancelled and TimedOut never change again.
bool is_final(BuildStatus status);

struct BuildFailure {
  ErrorCode code = ErrorCode::BuildFailed;  // any code: the error that stopped the build, or a Failure-only one
  std::string message;
  std::optional<int> step;       // the failing Dockerfile step, when known
  std::optional<int> exit_code;
};

struct BuildRecord {
  std::string id;                  // opaque, URL-safe, unique
  std::int64_t seq = 0;            // assigned by the store on insert; newest has the highest
  BuildStatus status = BuildStatus::Queued;
  nlohmann::json request = nlohmann::json::object();  // what was asked, secrets already removed
  double progress = 0;             // 0..100
  std::string current_step;        // "Step 3/8 : RUN npm ci"
  nlohmann::json detection;        // the detection report once known, else null
  nlohmann::json plan;             // the build plan once known, else null
  std::string revision;            // the source built: a git commit id, a bundle's sha256; empty until fetched
  std::string image_id;
  std::string image_digest;        // after a push
  std::int64_t image_size = 0;
  std::vector<std::string> tags;
  std::optional<BuildFailure> failure;
  std::int64_t created_at_ms = 0;  // Unix epoch milliseconds
  std::optional<std::int64_t> started_at_ms;
  std::optional<std::int64_t> finished_at_ms;
};

struct LogLine {
  std::int64_t seq = 0;      // per build, from 1, assigned by the store
  std::int64_t time_ms = 0;
  std::string stream;        // "build", "system", "error"
  std::string text;
};

nlohmann::json to_json(const BuildFailure& failure);
// The API's view of a record (also what the store serialises where it keeps JSON).
nlohmann::json to_json(const BuildRecord& record);
nlohmann::json to_json(const LogLine& line);

}  // namespace kiln::service
