#pragma once
// SHA-256 over data that arrives in pieces (a download, an upload), with
// OpenSSL's EVP interface.
#include <memory>
#include <string>
#include <string_view>

namespace kiln {

class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void update(std::string_view data);
  // Lower-case hex of everything given to update(); call once.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace kiln
