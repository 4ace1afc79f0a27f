#pragma once
// Durations of finished builds since the server started, in Prometheus
// histogram buckets (seconds), per final status.
#include <array>
#include <map>
#include <mutex>
#include <string>

namespace kiln::service {

class BuildDurationStats {
 public:
  static constexpr std::array<double, 10> kBuckets{1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};
  struct Series {
    std::array<std::uint64_t, kBuckets.size()> cumulative{};  // builds with duration <= bucket
    std::uint64_t count = 0;
    double sum = 0;
  };
  using Snapshot = std::map<std::string, Series>;  // by final status

  void record(const std::string& status, double seconds);
  Snapshot snapshot() const;

 private:
  mutable std::mutex mutex_;
  Snapshot series_;
};

}  // namespace kiln::service
