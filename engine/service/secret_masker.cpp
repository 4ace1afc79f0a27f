#include "service/secret_masker.hpp"

#include <algorithm>

#include "service/build_submission.hpp"

namespace kiln::service {

SecretMasker::SecretMasker(std::vector<std::string> secrets) : secrets_(std::move(secrets)) {
  // Very short values would mask ordinary text everywhere; they are still masked, as a whole line would leak them.
  secrets_.erase(std::remove_if(secrets_.begin(), secrets_.end(), [](const std::string& s) { return s.empty(); }),
                 secrets_.end());
  std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string SecretMasker::mask(std::string text) const {
  for (const auto& secret : secrets_) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
      text.replace(at, secret.size(), kSecretMask);
  }
  return text;
}

}  // namespace kiln::service
