#pragma once
// What the engine knows about a loaded buildpack, whatever its kind.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include <kiln/sdk/generator.hpp>

namespace kiln {

struct BuildpackDescriptor {
  std::string id;
  std::string version;
  std::string kind;     // native | lua
  std::string source;   // the file it was loaded from
  std::string description;
  int priority = 0;
};

struct LoadedBuildpack {
  BuildpackDescriptor descriptor;
  // For native buildpacks the deleter holds the shared library, so the code
  // stays mapped for as long as any object made by it is alive.
  std::shared_ptr<const sdk::Buildpack> impl;
};

// {id, version, kind, source, priority, description}, as `kiln buildpacks list --json` and the API show it.
nlohmann::json to_json(const BuildpackDescriptor& descriptor);

// Reverse-DNS-ish identifiers: "kiln.node", "com.acme.deno".
bool is_valid_buildpack_id(std::string_view id);

}  // namespace kiln
