#pragma once
// A secret kept in a file (a registry password): read whole, without the
// line break an editor or `echo` leaves at the end. A file keeps a secret out
// of argv and the environment, which `ps` and `docker inspect` show.
#include <string>

#include "core/result.hpp"

namespace kiln {

// Errors name `what` (e.g. "--registry-password-file") and the path, never the content.
Result<std::string> read_secret_file(const std::string& path, const std::string& what);

}  // namespace kiln
