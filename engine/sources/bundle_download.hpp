#pragma once
// Downloads a bundle from a URL a user gave (a release tarball, a CI artefact)
// with libcurl: http and https only, redirects included; a size cap enforced
// on the bytes received, not only on Content-Length; timeouts; cancellation;
// and the SHA-256 of what was saved. The URL may carry credentials: it only
// ever appears redacted in messages.
#include <atomic>
#include <chrono>
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

// Checks a bundle URL without fetching it (for accepting a request early):
// http(s) only, a host, no spaces or control characters. Code invalid_source.
Status validate_bundle_url(const std::string& url, bool allow_plain_http = true);

// Writes the body to dest_file (replaced if present; removed on failure).
// Errors: invalid_source (a URL that is not http(s)), fetch_failed (network,
// refused redirect, or a non-2xx status, which the message names),
// invalid_bundle (larger than max_bytes), timed_out, cancelled, io_error.
Result<DownloadedFile> download_bundle(const std::string& url, const std::filesystem::path& dest_file,
                                       const DownloadOptions& options);

}  // namespace kiln
