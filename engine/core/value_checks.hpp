#pragma once
// Checks for values that end up in a Dockerfile or a path. Every check
// returns an error message naming what was wrong, or nothing when valid.
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

// POSIX-style environment / build-arg name.
std::optional<std::string> check_env_name(std::string_view name);
// Values go into ENV/LABEL lines, which cannot hold line breaks or NULs.
std::optional<std::string> check_single_line(std::string_view what, std::string_view value);
// A path inside the app: relative, no "..", ordinary file-name characters only
// (letters, digits, '.', '_', '-', '+', '@', '/'), so it is safe in COPY and in a shell.
std::optional<std::string> check_relative_path(std::string_view what, std::string_view path);
// An absolute path in an image, same character set.
std::optional<std::string> check_image_path(std::string_view what, std::string_view path);
// A Debian package name, optionally pinned: "libpq5", "python3=3.11.2-1".
std::optional<std::string> check_package_name(std::string_view name);
// An image reference: "kiln/stack-node:bookworm", "node:20-slim", "reg:5000/a/b@sha256:...".
std::optional<std::string> check_image_reference(std::string_view reference);
std::optional<std::string> check_port(long long port);

}  // namespace kiln
