#pragma once
// A buildpack package: a .tar.gz whose root holds buildpack.toml and what it
// names (the script and its helpers, or the built library). Packing skips what
// only the author needs (fixtures/, expected/, build/, dot files); opening one
// extracts it with the bundle rules (nothing lands outside its folder) and
// reads its descriptor before any of its code could be loaded.
#include <filesystem>
#include <string>

#include "plugins/buildpack_descriptor.hpp"

namespace kiln::registry {

struct PackedFile {
  std::filesystem::path file;
  BuildpackDescriptor descriptor;
  std::size_t entries = 0;
};
// Packs the buildpack in `dir` (authoring/buildpack_folder.hpp) into `out`, or <id>-<version>.tar.gz in
// the current folder when `out` is empty.
Result<PackedFile> pack_buildpack(const std::filesystem::path& dir, std::filesystem::path out);

struct OpenedPackage {
  std::filesystem::path root;  // the folder holding buildpack.toml
  BuildpackDescriptor descriptor;
};
// Extracts `package` into `dest` (which must not exist; removed on failure) and reads its descriptor.
// Errors: invalid_bundle (an entry that escapes, a broken archive), invalid_buildpack (no or a bad buildpack.toml).
Result<OpenedPackage> open_package(const std::filesystem::path& package, const std::filesystem::path& dest);

// The platform a packaged buildpack runs on: none for Lua, the descriptor's first `platforms`, else
// the CPU its library's ELF header names ("linux-x86_64-gnu").
Result<std::string> package_platform(const OpenedPackage& package);

}  // namespace kiln::registry
