#pragma once
// Checks for values that end up in a Dockerfile or a path. Every check
// returns an error message naming what was wrong, or nothing when valid.
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

// A watched app's or a repository sub-app's name: [a-z0-9._-], 1 to 63 characters, a letter or digit first.
std::optional<std::string> check_app_name(std::string_view name);
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
// An image reference: "kiln/stack-node:bookworm", "node:20-slim", "reg:5000/a/b@sha256:...", in
// the engine's grammar: [domain[:port]/]path[:tag][@digest], path components lower case and
// separated by one '/', separators ('.', '_', '__', '-') only between letters and digits.
// The OpenAPI document's ImageReference states the same pattern and length (a unit test compares).
inline constexpr const char* kImageReferencePattern =
    "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?/)?"
    "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,})?$";
inline constexpr std::size_t kImageReferenceMaxLength = 255;
std::optional<std::string> check_image_reference(std::string_view reference);
std::optional<std::string> check_port(long long port);

}  // namespace kiln
