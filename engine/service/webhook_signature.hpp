#pragma once
// Checks that a webhook came from who holds the app's secret. Every compare is
// constant-time (CRYPTO_memcmp) over values of a fixed length, so the time an
// answer takes says nothing about how much of a guess was right.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kiln::service {

// "sha256=" + 64 hex digits of HMAC-SHA256(secret, body): GitHub's X-Hub-Signature-256, and
// kiln's generic X-Kiln-Signature-256. Errors (unauthorized): missing, malformed or wrong-length
// header (said so), or a signature that does not match.
Status check_hmac_signature(std::string_view header_name, std::string_view header, std::string_view secret,
                            std::string_view body);

// GitLab's X-Gitlab-Token: the secret itself.
Status check_shared_token(std::string_view header_name, std::string_view header, std::string_view secret);

// "sha256=<hex>" for body under secret (what a sender puts in the header).
std::string hmac_sha256_header(std::string_view secret, std::string_view body);

}  // namespace kiln::service
