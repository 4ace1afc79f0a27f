#include "registry/ed25519_keys.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace kiln::registry {
namespace fs = std::filesystem;
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> unbase64(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, size > 0 ? static_cast<std::size_t>(size) : 0);
}

// The one-line form: the PEM's base64 lines joined.
std::string one_line(const std::string& pem) {
  std::istringstream lines(pem);
  std::string line, out;
  while (std::getline(lines, line))
    if (!line.empty() && line.rfind("-----", 0) != 0) out += line;
  return out;
}

KeyPtr public_key_from_line(const std::string& line) {
  auto der = unbase64(line);
  if (!der) return nullptr;
  const auto* p = reinterpret_cast<const unsigned char*>(der->data());
  KeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der->size())));
  if (key && EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) return nullptr;
  return key;
}

Status write_new_file(const fs::path& file, const std::string& text, mode_t mode) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Error{ErrorCode::StorageFailed, file.string() + ": cannot create (" + std::strerror(errno) + ")"};
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) return Error{ErrorCode::StorageFailed, file.string() + ": cannot write"};
  return Ok{};
}

}  // namespace

Status generate_key_pair(const fs::path& key_file) {
  const fs::path pub_file = key_file.string() + ".pub";
  for (const auto& f : {key_file, pub_file})
    if (fs::exists(f)) return Error{ErrorCode::Conflict, f.string() + " exists: kiln does not overwrite a key"};
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr),
                                                                  EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_keygen(ctx.get(), &raw) <= 0)
    return Error{ErrorCode::InternalError, "OpenSSL could not make an ed25519 key"};
  KeyPtr key(raw);
  BioPtr priv(BIO_new(BIO_s_mem())), pub(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ||
      !PEM_write_bio_PUBKEY(pub.get(), key.get()))
    return Error{ErrorCode::InternalError, "OpenSSL could not write the key as PEM"};
  if (auto s = write_new_file(key_file, bio_text(priv.get()), 0600); !s) return s;
  return write_new_file(pub_file, bio_text(pub.get()), 0644);
}

Result<std::string> sign_bytes(const std::string& data, const fs::path& key_file) {
  auto pem = read_whole_file(key_file);
  if (!pem) return pem.error();
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519)
    return Error{ErrorCode::InvalidConfig, key_file.string() + ": not an ed25519 private key (make one with kiln buildpacks keygen)"};
  std::unique_ptr<EVP_MD_CTX, MdFree> md(EVP_MD_CTX_new());
  unsigned char signature[64];
  std::size_t size = sizeof signature;
  if (!md || EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, key.get()) <= 0 ||
      EVP_DigestSign(md.get(), signature, &size, reinterpret_cast<const unsigned char*>(data.data()), data.size()) <= 0)
    return Error{ErrorCode::InternalError, "OpenSSL could not sign with " + key_file.string()};
  return base64(signature, size);
}

bool verify_signature(const std::string& data, const std::string& signature, const std::string& public_key) {
  auto key = public_key_from_line(public_key);
  auto raw = unbase64(signature);
  if (!key || !raw || raw->size() != 64) return false;
  std::unique_ptr<EVP_MD_CTX, MdFree> md(EVP_MD_CTX_new());
  return md && EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, key.get()) > 0 &&
         EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(raw->data()), raw->size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

Result<std::string> read_public_key(const std::string& file_or_text) {
  std::string line = file_or_text;
  std::error_code ec;
  if (fs::is_regular_file(file_or_text, ec)) {
    auto pem = read_whole_file(file_or_text);
    if (!pem) return pem.error();
    line = one_line(*pem);
  }
  if (!public_key_from_line(line))
    return Error{ErrorCode::InvalidConfig, file_or_text + ": not an ed25519 public key (a KEY.pub from kiln buildpacks keygen)"};
  return line;
}

}  // namespace kiln::registry
