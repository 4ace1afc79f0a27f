#include "sources/bundle_download.hpp"

#include <curl/curl.h>

#include <cctype>

#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>

#include "core/character_count.hpp"
#include "sources/sha256_hasher.hpp"
#include "sources/url_redaction.hpp"

namespace kiln {
namespace {

constexpr long kMaxRedirects = 5;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};

std::string printable(const std::string& url) {
  std::string out;
  for (char c : redact_url(url).substr(0, 200)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return "'" + out + "'";
}

// The URL must be of the documented form (kBundleUrlPattern), which libcurl's own parser then
// reads: what the URL means (its scheme, its host) is libcurl's answer, never a second parser's.
Status check_url(const std::string& url, bool allow_plain_http) {
  auto invalid = [&](const std::string& why) { return Error{ErrorCode::InvalidSource, "bundle url " + printable(url) + " " + why}; };
  if (url.empty()) return Error{ErrorCode::InvalidSource, "bundle url is empty"};
  // Bounded before the pattern is matched: std::regex recurses once per character.
  if (character_count(url) > kBundleUrlMaxLength)
    return invalid("is longer than " + std::to_string(kBundleUrlMaxLength) + " characters");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return invalid("must not contain spaces or control characters");
  static const std::regex form(kBundleUrlPattern);
  if (!std::regex_match(url, form))
    return invalid("is not a URL kiln takes: http(s)://[user[:password]@]host[:port][/path][?query][#fragment], with a host "
                   "of letters, digits and . _ ~ - or an IPv6 address in []");
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return invalid("is not a valid URL");
  char* scheme = nullptr;
  char* host = nullptr;
  curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0);
  std::string scheme_text = scheme ? scheme : "", host_text = host ? host : "";
  for (auto& c : scheme_text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  curl_free(scheme);
  curl_free(host);
  if (scheme_text != "https" && scheme_text != "http") return invalid("must be an http:// or https:// URL");
  if (scheme_text == "http" && !allow_plain_http) return invalid("uses plain http, which is not allowed here: use https");
  if (host_text.empty()) return invalid("has no host");
  return Ok{};
}

struct Transfer {
  const DownloadOptions* options = nullptr;
  std::ofstream* out = nullptr;
  Sha256Hasher hasher;
  std::uint64_t bytes = 0;
  bool too_large = false;
  bool write_failed = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  if (t->bytes + n > t->options->max_bytes) {
    t->too_large = true;
    return 0;  // stops the transfer: CURLE_WRITE_ERROR
  }
  t->out->write(data, static_cast<std::streamsize>(n));
  if (!*t->out) {
    t->write_failed = true;
    return 0;
  }
  t->hasher.update(std::string_view(data, n));
  t->bytes += n;
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->options->cancelled && t->options->cancelled->load() ? 1 : 0;
}

void configure(CURL* h, const std::string& url, const DownloadOptions& options, Transfer& transfer, char* error_buffer) {
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  // Only web URLs, for the first request and for every redirect: a server may
  // not send kiln to file://, ftp:// or anything else.
  const char* protocols = options.allow_plain_http ? "http,https" : "https";
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, kMaxRedirects);
  // 4xx/5xx end the transfer before any body is written.
  curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
  // A Content-Length over the cap fails before the body comes.
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // the cap counts decoded bytes, as written
  curl_easy_setopt(h, CURLOPT_USERAGENT, "kiln");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  if (!options.ca_bundle_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_bundle_file.c_str());
}

Error transfer_error(CURL* h, CURLcode code, const Transfer& transfer, const std::string& url, const char* error_buffer,
                     const DownloadOptions& options) {
  std::string where = "downloading " + printable(url);
  if (code == CURLE_ABORTED_BY_CALLBACK) return Error{ErrorCode::Cancelled, where + " was cancelled"};
  if (code == CURLE_OPERATION_TIMEDOUT) return Error{ErrorCode::TimedOut, where + " timed out"};
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED)
    return Error{ErrorCode::InvalidBundle, where + ": the bundle is larger than the " + std::to_string(options.max_bytes) + "-byte limit"};
  if (transfer.write_failed) return Error{ErrorCode::StorageFailed, where + ": cannot write the downloaded file"};
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (code == CURLE_HTTP_RETURNED_ERROR)
    return Error{ErrorCode::FetchFailed, where + " failed: the server answered HTTP " + std::to_string(status)};
  if (code == CURLE_UNSUPPORTED_PROTOCOL)
    return Error{ErrorCode::FetchFailed, where + " failed: a redirect to a scheme other than http or https was refused"};
  if (code == CURLE_TOO_MANY_REDIRECTS)
    return Error{ErrorCode::FetchFailed, where + " failed: more than " + std::to_string(kMaxRedirects) + " redirects"};
  std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
  return Error{ErrorCode::FetchFailed, where + " failed: " + redact_url(detail)};
}

}  // namespace

Status validate_bundle_url(const std::string& url, bool allow_plain_http) {
  global_init_once();
  return check_url(url, allow_plain_http);
}

Result<DownloadedFile> download_bundle(const std::string& url, const std::filesystem::path& dest_file,
                                       const DownloadOptions& options) {
  if (auto valid = validate_bundle_url(url, options.allow_plain_http); !valid) return valid.error();
  std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  if (!handle) return Error{ErrorCode::FetchFailed, "libcurl could not start a transfer"};
  std::ofstream out(dest_file, std::ios::binary | std::ios::trunc);
  if (!out) return Error{ErrorCode::StorageFailed, "cannot write " + dest_file.string()};

  Transfer transfer;
  transfer.options = &options;
  transfer.out = &out;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  configure(handle.get(), url, options, transfer, error_buffer);
  if (options.log) options.log("kiln: downloading " + redact_url(url));
  CURLcode code = curl_easy_perform(handle.get());
  out.close();

  std::optional<Error> failure;
  if (code != CURLE_OK) failure = transfer_error(handle.get(), code, transfer, url, error_buffer, options);
  else if (!out) failure = Error{ErrorCode::StorageFailed, "cannot write " + dest_file.string()};
  else {
    long status = 0;
    curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &status);
    // 1xx and 3xx with no redirect to follow are not a bundle either.
    if (status < 200 || status >= 300)
      failure = Error{ErrorCode::FetchFailed, "downloading " + printable(url) + " failed: the server answered HTTP " + std::to_string(status)};
  }
  if (failure) {
    std::error_code ignored;
    std::filesystem::remove(dest_file, ignored);
    return *failure;
  }
  if (options.log) options.log("kiln: downloaded " + std::to_string(transfer.bytes) + " bytes");
  return DownloadedFile{dest_file, transfer.bytes, transfer.hasher.hex_digest()};
}

}  // namespace kiln
