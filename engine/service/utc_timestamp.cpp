#include "service/utc_timestamp.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace kiln::service {

std::int64_t now_epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string rfc3339_utc_ms(std::int64_t epoch_ms) {
  // Floor division so times before 1970 still get a 0..999 millisecond part.
  std::int64_t seconds = epoch_ms / 1000;
  std::int64_t millis = epoch_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[64];  // room for any int year, which the compiler cannot rule out
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return text;
}

}  // namespace kiln::service
