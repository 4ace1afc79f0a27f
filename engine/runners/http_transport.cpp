#include "runners/http_transport.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <optional>

namespace kiln {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  CURL* handle = nullptr;
  const HttpRequest* request = nullptr;
  HttpResponse* response = nullptr;
  std::optional<Error> upload_error;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view chunk(data, size * count);
  long status = 0;
  curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
  // An error answer is one JSON document with the engine's own words ({"message": "dockerfile parse
  // error ..."}), not the stream on_data reads: keep it whole (bounded) for engine_error_message.
  constexpr std::size_t kMaxErrorBody = 1 << 20;
  if (t->request->on_data && status < 400) t->request->on_data(chunk);
  else if (!t->request->on_data || t->response->body.size() < kMaxErrorBody) t->response->body.append(chunk);
  return chunk.size();
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
    t->response->headers[name] = std::string(value);
  }
  return line.size();
}

std::size_t on_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  auto produced = t->request->body_source(buffer, size * count);
  if (!produced) {
    t->upload_error = produced.error();
    return CURL_READFUNC_ABORT;
  }
  return *produced;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->request->cancelled && t->request->cancelled->load() ? 1 : 0;
}

}  // namespace

HttpTransport::HttpTransport(EngineEndpoint endpoint) : endpoint_(std::move(endpoint)) { global_init_once(); }

Result<HttpResponse> HttpTransport::send(const HttpRequest& request) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Error{ErrorCode::EngineUnavailable, "cannot initialise libcurl"};
  HttpResponse response;
  CURL* h = curl.get();
  Transfer transfer{h, &request, &response, std::nullopt};

  auto url = endpoint_.base_url() + request.path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  if (endpoint_.kind == EngineEndpoint::Kind::Unix) curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, endpoint_.socket_path.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  if (request.timeout_ms > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);

  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
  auto add_header = [&](const std::string& header) { headers.reset(curl_slist_append(headers.release(), header.c_str())); };
  for (const auto& header : request.headers) add_header(header);

  if (request.body_source) {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_upload);
    curl_easy_setopt(h, CURLOPT_READDATA, &transfer);
    add_header("Transfer-Encoding: chunked");
    add_header("Expect:");
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (!request.body.empty() || request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

  CURLcode code = curl_easy_perform(h);
  if (transfer.upload_error) return *transfer.upload_error;  // the body source knows what went wrong
  if (code == CURLE_ABORTED_BY_CALLBACK) return Error{ErrorCode::Cancelled, "cancelled"};
  if (code != CURLE_OK) {
    return Error{ErrorCode::EngineUnavailable, "container engine at " + endpoint_.describe() + ": " + curl_easy_strerror(code)};
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

void LineSplitter::feed(std::string_view data) {
  pending_.append(data);
  std::size_t start = 0;
  for (auto nl = pending_.find('\n', start); nl != std::string::npos; nl = pending_.find('\n', start)) {
    std::string_view line(pending_.data() + start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) on_line_(line);
    start = nl + 1;
  }
  pending_.erase(0, start);
}

void LineSplitter::finish() {
  if (!pending_.empty()) on_line_(pending_);
  pending_.clear();
}

}  // namespace kiln
