#pragma once
// What kiln knows about a buildpack before any of its code is loaded: its
// buildpack.toml. `kiln buildpacks list` and the API read only this.
//
//   api = 2                        # native: the C ABI version (abi.h); lua: the script API (kiln.api)
//   id = "com.acme.deno"           # reverse-DNS-ish, unique among loaded buildpacks
//   version = "1.0.0"              # semver
//   kind = "native"                # native | lua
//   entry = "deno_buildpack.so"    # the library, or the script (lua default: buildpack.lua), beside this file
//   priority = 0                   # breaks score ties, higher wins (-1000..1000)
//   description = "Deno apps"
//   homepage = "https://..."       # optional
//   licenses = ["MIT"]             # optional, SPDX identifiers
//   looks_for = ["deno.json"]      # kiln asks the buildpack only when one of these paths exists in
//                                  # the app (its code is not even loaded otherwise); leave it out
//                                  # to be asked about every app. Shown when nothing matched.
//   looks_inside = { files = ["package.json"], words = ["deno"] }
//                                  # and these files, when one of them mentions one of the words
//                                  # (ASCII, any case): a file many kinds of app have (package.json)
//                                  # asks this buildpack only when it names what the buildpack is for
//   keywords = ["deno", "typescript"]  # optional: what `kiln buildpacks search` matches besides id and description
//   platforms = ["linux-x86_64-gnu"]  # native, optional: where the library runs (default: where it was packed)
//   chosen_by = ["dockerfile"]     # setting one of these buildpack options (kiln.toml) chooses
//                                  # this buildpack when the user names none
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiln {

inline constexpr const char* kBuildpackDescriptorFile = "buildpack.toml";

// Files that count for looks_for only when they mention one of the words.
struct LooksInside {
  std::vector<std::string> files;
  std::vector<std::string> words;
  bool empty() const { return files.empty(); }
};

struct BuildpackDescriptor {
  std::string id;
  std::string version;
  std::string kind;     // native | lua
  int api = 0;
  std::string source;   // the library or script, absolute
  std::string descriptor_file;
  std::string description;
  int priority = 0;
  std::string homepage;
  std::vector<std::string> licenses;
  std::vector<std::string> looks_for;
  LooksInside looks_inside;
  std::vector<std::string> chosen_by;
  std::vector<std::string> keywords;
  std::vector<std::string> platforms;
};

// Reads <folder>/buildpack.toml. Errors name the file and the key.
Result<BuildpackDescriptor> read_buildpack_descriptor(const std::filesystem::path& folder);

// The two halves of read_buildpack_descriptor, for a reader that keeps what it parsed
// (plugins/descriptor_cache.hpp): the file's text (at most 64 KiB), and what that text says.
Result<std::string> read_descriptor_text(const std::filesystem::path& folder);
Result<BuildpackDescriptor> parse_buildpack_descriptor(const std::string& text, const std::filesystem::path& folder);

// The API versions kiln speaks, per kind.
struct ApiRange {
  int oldest;
  int newest;
};
ApiRange supported_api(std::string_view kind);

// {id, version, kind, api, source, priority, description, homepage, licenses, looks_for[, looks_inside]},
// as `kiln buildpacks list --json` and the API show it.
nlohmann::json to_json(const BuildpackDescriptor& descriptor);
// {files, words}
nlohmann::json to_json(const LooksInside& looks_inside);

// Reverse-DNS-ish identifiers: "kiln.node", "com.acme.deno".
bool is_valid_buildpack_id(std::string_view id);

}  // namespace kiln
