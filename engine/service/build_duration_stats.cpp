#include "service/build_duration_stats.hpp"

namespace kiln::service {

void BuildDurationStats::record(const std::string& status, double seconds) {
  std::lock_guard lock(mutex_);
  auto& series = series_[status];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++series.cumulative[i];
  ++series.count;
  series.sum += seconds;
}

BuildDurationStats::Snapshot BuildDurationStats::snapshot() const {
  std::lock_guard lock(mutex_);
  return series_;
}

}  // namespace kiln::service
