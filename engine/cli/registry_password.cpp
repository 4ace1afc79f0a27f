#include "cli/registry_password.hpp"

#include <cstdlib>
#include <iostream>

#include "core/secret_file.hpp"

namespace kiln::cli {

Result<std::optional<std::string>> read_registry_password(const PasswordSource& source) {
  if (source.from_stdin) {
    std::string password;
    std::getline(std::cin, password);
    return std::optional<std::string>(password);
  }
  if (!source.file.empty()) {
    auto password = read_secret_file(source.file, "--registry-password-file");
    if (!password) return password.error();
    return std::optional<std::string>(*password);
  }
  if (const char* env = std::getenv("KILN_REGISTRY_PASSWORD")) return std::optional<std::string>(env);
  return std::optional<std::string>();
}

}  // namespace kiln::cli
