#include "registry/http_publisher.hpp"

#include <curl/curl.h>

#include <memory>

#include "registry/ed25519_keys.hpp"

namespace kiln::registry {
namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() > (1u << 20)) return 0;  // an answer is a line of JSON, not a download
  body->append(data, size * count);
  return size * count;
}

}  // namespace

Result<IndexEntry> publish_over_http(const HttpPublishRequest& request) {
  auto bytes = read_whole_file(request.package);
  if (!bytes) return bytes.error();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Error{ErrorCode::InternalError, "libcurl could not start"};
  auto url = request.registry_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/packages";
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/gzip");
  if (!request.signature.empty()) headers = curl_slist_append(headers, ("X-Kiln-Signature: " + request.signature).c_str());
  if (!request.token.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + request.token).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);
  std::string body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, bytes->data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bytes->size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 300L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "kiln");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  if (!request.ca_bundle_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, request.ca_bundle_file.c_str());
  if (auto code = curl_easy_perform(h); code != CURLE_OK)
    return Error{ErrorCode::FetchFailed, url + ": " + (*error_buffer ? error_buffer : curl_easy_strerror(code))};
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (status / 100 != 2) {
    // kiln's error answers: {"error": {"code", "message"}}
    if (json.is_object() && json.contains("error") && json["error"].is_object()) {
      const auto& e = json["error"];
      auto code = parse_error_code(e.value("code", "internal_error"));
      return Error{code.value_or(ErrorCode::InternalError), e.value("message", body)};
    }
    return Error{ErrorCode::FetchFailed, url + " answered " + std::to_string(status) + ": " + body.substr(0, 200)};
  }
  return index_entry_from_json(json, url);
}

}  // namespace kiln::registry
