#pragma once
// Replaces every secret value in a text with "***" before it is logged,
// stored or shown. Build steps echo their environment, engines echo
// commands; the masker is the last line before anything is written.
#include <string>
#include <vector>

namespace kiln::service {

class SecretMasker {
 public:
  explicit SecretMasker(std::vector<std::string> secrets);
  std::string mask(std::string text) const;
  bool empty() const { return secrets_.empty(); }

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret containing another is masked whole
};

}  // namespace kiln::service
