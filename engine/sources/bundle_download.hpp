#pragma once
// Downloads a bundle from a URL a user gave (a release tarball, a CI artefact)
// with libcurl: http and https only, redirects included; a size cap enforced
// on the bytes received, not only on Content-Length; timeouts; cancellation;
// and the SHA-256 of what was saved. The URL may carry credentials: it only
// ever appears redacted in messages.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace kiln {

struct DownloadOptions {
  std::uint64_t max_bytes = 2ull << 30;
  std::chrono::seconds connect_timeout{30};
  std::chrono::seconds timeout{600};             // the whole transfer
  const std::atomic<bool>* cancelled = nullptr;  // polled; set = abort, "cancelled"
  std::string ca_bundle_file{};                  // PEM bundle for https; empty: the system's
  bool allow_plain_http = true;
  std::function<void(const std::string&)> log{};  // progress lines, credentials redacted
};

struct DownloadedFile {
  std::filesystem::path path;
  std::uint64_t bytes = 0;
  std::string sha256_hex;
};

// The bundle URLs kiln takes: http(s)://[user[:password]@]host[:port][/path][?query][#fragment], where
// the host is letters, digits and . _ ~ - (a name or an IPv4 address) or an IPv6 address in hex
// between [], the port is 0 to 65535, the user information is RFC 3986's, and the rest has no
// spaces or control characters. Every such URL is one libcurl parses (a unit test holds the two
// together); the OpenAPI document's bundle_url states the same pattern and length (a test compares).
inline constexpr const char* kBundleUrlPattern =
    R"re(^[Hh][Tt][Tt][Pp][Ss]?://(?:(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})+@)?(?:[A-Za-z0-9._~-]+|\[(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,5}(?::[0-9A-Fa-f]{1,4}){1,2}|(?:[0-9A-Fa-f]{1,4}:){1,4}(?::[0-9A-Fa-f]{1,4}){1,3}|(?:[0-9A-Fa-f]{1,4}:){1,3}(?::[0-9A-Fa-f]{1,4}){1,4}|(?:[0-9A-Fa-f]{1,4}:){1,2}(?::[0-9A-Fa-f]{1,4}){1,5}|[0-9A-Fa-f]{1,4}:(?::[0-9A-Fa-f]{1,4}){1,6}|:(?:(?::[0-9A-Fa-f]{1,4}){1,7}|:))\])(?::(?:[0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(?:[/?#][^\u0000-\u0020\u007f]*)?$)re";
inline constexpr std::size_t kBundleUrlMaxLength = 8192;  // characters

// Checks a bundle URL without fetching it (for accepting a request early): kBundleUrlPattern, at
// most kBundleUrlMaxLength characters, and a URL libcurl parses. Code invalid_source.
Status validate_bundle_url(const std::string& url, bool allow_plain_http = true);

// Writes the body to dest_file (replaced if present; removed on failure).
// Errors: invalid_source (a URL that is not http(s)), fetch_failed (network,
// refused redirect, or a non-2xx status, which the message names),
// invalid_bundle (larger than max_bytes), timed_out, cancelled, io_error.
Result<DownloadedFile> download_bundle(const std::string& url, const std::filesystem::path& dest_file,
                                       const DownloadOptions& options);

}  // namespace kiln
