#pragma once
// `kiln buildpacks new ID --lua|--native`: a working buildpack from the SDK's
// template of that kind, its id (and a native one's library name) replaced,
// with fixture apps and their expected results, so `kiln buildpacks test`
// passes on it at once (a native one once built).
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiln {

struct ScaffoldRequest {
  std::string id;    // com.acme.deno
  std::string kind;  // lua | native
  std::filesystem::path dir;  // must not exist, or be empty
};

// The files written, relative to dir. Errors: invalid_request (id, kind), conflict (dir not empty).
Result<std::vector<std::string>> scaffold_buildpack(const ScaffoldRequest& request);

// A native buildpack's library (and CMake target) name for an id: "com.acme.zig" -> "zig_buildpack".
std::string native_target_name(const std::string& id);

}  // namespace kiln
