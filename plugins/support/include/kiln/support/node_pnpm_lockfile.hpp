#pragma once
// Which pnpm major wrote a pnpm-lock.yaml, so a build without a packageManager
// field installs a pnpm that accepts the lockfile with --frozen-lockfile.
#include <optional>
#include <string>
#include <string_view>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

// The pnpm major for a lockfileVersion value: "9.0" -> "9", "6.0" -> "8", "5.4" -> "7".
std::optional<std::string> pnpm_major_for_lockfile_version(std::string_view lockfile_version);

// Reads only the lockfile's first line, where pnpm always writes
// `lockfileVersion: '9.0'`; the rest of the (often huge) YAML is not parsed.
std::optional<std::string> pnpm_major_for_lockfile(const sdk::SourceTree& tree, std::string_view path = "pnpm-lock.yaml");

}  // namespace kiln::support
