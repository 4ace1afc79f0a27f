#pragma once
// One plain HTTP GET to see whether a started app answers.
#include <optional>
#include <string>

namespace kiln {

struct HttpAnswer {
  long status = 0;
  std::string body;
};

// Any HTTP answer counts (even a 404: the app is up); nullopt when nothing answers.
std::optional<HttpAnswer> http_get(const std::string& host, int port, const std::string& path, long timeout_ms = 2000);

}  // namespace kiln
