#pragma once
// Paths a hostile repository (or a user's option) hands us - a compose build
// context, a Dockerfile location - end up in a container build. They are only
// used when they plainly name something inside the app folder.
#include <optional>
#include <string>
#include <string_view>

namespace kiln::support {

// "./web/" -> "web", "." -> ".", "a/./b" -> "a/b". nullopt for anything that is
// absolute, climbs with "..", is empty, too long, or uses characters other than
// letters, digits and . _ - + @ (a component may not start with '-', so it can
// never read as an option to some tool down the line).
std::optional<std::string> normalize_relative_path(std::string_view path);

// The normalized path, or a BuildpackError whose message starts with `what`
// (say "compose.yaml: service web: build context") and quotes the path.
std::string require_relative_path(std::string_view path, std::string_view what);

// "web" + "Dockerfile" -> "web/Dockerfile"; "." + "Dockerfile" -> "Dockerfile".
// Both parts must already be normalized.
std::string join_relative_path(std::string_view base, std::string_view path);

}  // namespace kiln::support
