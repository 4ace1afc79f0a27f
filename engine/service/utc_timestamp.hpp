#pragma once
// Times as the service keeps them (Unix epoch milliseconds) and shows them
// (RFC 3339 in UTC, to the millisecond, e.g. "2024-05-01T12:34:56.789Z").
#include <cstdint>
#include <string>

namespace kiln::service {

std::int64_t now_epoch_ms();
std::string rfc3339_utc_ms(std::int64_t epoch_ms);

}  // namespace kiln::service
