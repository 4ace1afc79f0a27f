#pragma once
// Build arguments (ARG values) from a compose file or the user's options.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kiln::support {

// A name an ARG instruction can declare: a letter or '_', then letters, digits, '_'.
bool is_build_arg_name(std::string_view name);

// Compose's list form: "KEY=value" -> {KEY, value}. A bare "KEY" means "take
// the value from the environment", which a kiln build does not share, so it
// yields nullopt and the Dockerfile's default applies.
std::optional<std::pair<std::string, std::string>> split_build_arg(std::string_view item);

// Throws sdk::BuildpackError starting with `what` for a bad name or a value
// too long to be a real build argument.
void check_build_args(const std::map<std::string, std::string>& args, std::string_view what);

}  // namespace kiln::support
