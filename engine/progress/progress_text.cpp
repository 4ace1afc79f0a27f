#include "progress/progress_text.hpp"

#include <cstdio>

namespace kiln::progress {

std::string seconds_text(std::chrono::milliseconds elapsed) {
  const auto ms = elapsed.count() < 0 ? 0 : elapsed.count();
  char text[32];
  if (ms < 60'000) std::snprintf(text, sizeof text, "%.1fs", static_cast<double>(ms / 100) / 10.0);
  else std::snprintf(text, sizeof text, "%lldm%02llds", static_cast<long long>(ms / 60'000), static_cast<long long>(ms / 1000 % 60));
  return text;
}

std::string size_text(std::int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

}  // namespace kiln::progress
