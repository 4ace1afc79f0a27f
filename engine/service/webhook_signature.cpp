#include "service/webhook_signature.hpp"

#include <array>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

namespace kiln::service {
namespace {

constexpr std::string_view kPrefix = "sha256=";

Error refused(std::string message) { return Error{ErrorCode::Unauthorized, std::move(message)}; }

std::array<unsigned char, SHA256_DIGEST_LENGTH> hmac(std::string_view secret, std::string_view body) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), digest.data(), &length);
  return digest;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string hmac_sha256_header(std::string_view secret, std::string_view body) {
  static const char* hex = "0123456789abcdef";
  std::string out(kPrefix);
  for (unsigned char byte : hmac(secret, body)) {
    out += hex[byte >> 4];
    out += hex[byte & 15];
  }
  return out;
}

Status check_hmac_signature(std::string_view header_name, std::string_view header, std::string_view secret,
                            std::string_view body) {
  const std::string name(header_name);
  if (header.empty()) return refused("the " + name + " header is missing");
  if (header.substr(0, kPrefix.size()) != kPrefix) return refused(name + " must start with 'sha256='");
  auto hex = header.substr(kPrefix.size());
  if (hex.size() != 2 * SHA256_DIGEST_LENGTH)
    return refused(name + " must hold 64 hex digits after 'sha256=', not " + std::to_string(hex.size()));
  std::array<unsigned char, SHA256_DIGEST_LENGTH> given{};
  for (std::size_t i = 0; i < given.size(); ++i) {
    int high = hex_value(hex[2 * i]), low = hex_value(hex[2 * i + 1]);
    if (high < 0 || low < 0) return refused(name + " holds a character that is not a hex digit");
    given[i] = static_cast<unsigned char>(high << 4 | low);
  }
  auto expected = hmac(secret, body);
  if (CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0) return refused("the " + name + " signature does not match");
  return Ok{};
}

Status check_shared_token(std::string_view header_name, std::string_view header, std::string_view secret) {
  const std::string name(header_name);
  if (header.empty()) return refused("the " + name + " header is missing");
  // Both sides hashed first: equal lengths for the compare, and the secret's length stays unknown.
  auto given = hmac("kiln-token-compare", header);
  auto expected = hmac("kiln-token-compare", secret);
  if (CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0) return refused("the " + name + " does not match");
  return Ok{};
}

}  // namespace kiln::service
