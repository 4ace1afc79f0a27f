#pragma once
// The registry password for --push, wherever the user put it: standard input
// (--registry-password-stdin), a file (--registry-password-file), or
// $KILN_REGISTRY_PASSWORD. Never an argument, which `ps` would show.
#include <optional>
#include <string>

#include "core/result.hpp"

namespace kiln::cli {

struct PasswordSource {
  bool from_stdin = false;
  std::string file;
};

// Nothing when no source holds one.
Result<std::optional<std::string>> read_registry_password(const PasswordSource& source);

}  // namespace kiln::cli
