#include "http/prometheus_metrics.hpp"

#include <sstream>

namespace kiln::http {

Result<std::string> prometheus_metrics(service::BuildService& builds) {
  auto counts = builds.count_by_status();
  if (!counts) return counts.error();
  auto stats = builds.stats();
  std::ostringstream out;
  out << "# HELP kiln_builds Builds in the store, by status.\n# TYPE kiln_builds gauge\n";
  for (const auto& [status, count] : *counts)
    out << "kiln_builds{status=\"" << service::to_string(status) << "\"} " << count << "\n";
  out << "# HELP kiln_queue_depth Builds waiting for a worker.\n# TYPE kiln_queue_depth gauge\n"
      << "kiln_queue_depth " << stats.queued << "\n";
  out << "# HELP kiln_builds_running Builds running now.\n# TYPE kiln_builds_running gauge\n"
      << "kiln_builds_running " << stats.running << "\n";
  out << "# HELP kiln_build_duration_seconds Duration of builds finished since the server started.\n"
      << "# TYPE kiln_build_duration_seconds histogram\n";
  for (const auto& [status, series] : stats.durations) {
    for (std::size_t i = 0; i < service::BuildDurationStats::kBuckets.size(); ++i)
      out << "kiln_build_duration_seconds_bucket{status=\"" << status << "\",le=\""
          << service::BuildDurationStats::kBuckets[i] << "\"} " << series.cumulative[i] << "\n";
    out << "kiln_build_duration_seconds_bucket{status=\"" << status << "\",le=\"+Inf\"} " << series.count << "\n";
    out << "kiln_build_duration_seconds_sum{status=\"" << status << "\"} " << series.sum << "\n";
    out << "kiln_build_duration_seconds_count{status=\"" << status << "\"} " << series.count << "\n";
  }
  return out.str();
}

}  // namespace kiln::http
