#pragma once
// HTTP to the container engine over its socket, with libcurl: small
// request/response calls, and streamed ones (a tar uploaded in chunks while
// the engine's JSON messages are read as they come).
#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "runners/engine_endpoint.hpp"

namespace kiln {

struct HttpRequest {
  std::string method = "GET";
  std::string path;                   // with query, e.g. "/v1.41/images/json"
  std::vector<std::string> headers;   // "Name: value"
  std::string body;                   // a small body (JSON)
  // A streamed body (chunked): fills the buffer, returns bytes written, 0 at the end.
  std::function<Result<std::size_t>(char*, std::size_t)> body_source;
  // Streamed response: called with each chunk as it arrives; when unset the body is collected.
  std::function<void(std::string_view)> on_data;
  const std::atomic<bool>* cancelled = nullptr;  // polled; set = abort the transfer
  long timeout_ms = 0;                           // 0: none (builds can take long)
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  bool ok() const { return status >= 200 && status < 300; }
};

class HttpTransport {
 public:
  explicit HttpTransport(EngineEndpoint endpoint);
  // Error codes: EngineUnavailable, Cancelled, or the code of the body source's own error.
  Result<HttpResponse> send(const HttpRequest& request) const;
  const EngineEndpoint& endpoint() const { return endpoint_; }

 private:
  EngineEndpoint endpoint_;
};

// Splits a byte stream into lines ("\r\n" or "\n"); the engine's JSON messages are one a line.
class LineSplitter {
 public:
  explicit LineSplitter(std::function<void(std::string_view)> on_line) : on_line_(std::move(on_line)) {}
  void feed(std::string_view data);
  void finish();

 private:
  std::function<void(std::string_view)> on_line_;
  std::string pending_;
};

}  // namespace kiln
