#include "sources/sha256_hasher.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace kiln {

struct Sha256Hasher::Context {
  EVP_MD_CTX* md = nullptr;
};

Sha256Hasher::Sha256Hasher() : context_(std::make_unique<Context>()) {
  context_->md = EVP_MD_CTX_new();
  if (!context_->md || EVP_DigestInit_ex(context_->md, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(context_->md); }

void Sha256Hasher::update(std::string_view data) { EVP_DigestUpdate(context_->md, data.data(), data.size()); }

std::string Sha256Hasher::hex_digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->md, digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace kiln
