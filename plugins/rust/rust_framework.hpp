#pragma once
// The web framework a Rust package depends on, if any.
#include <optional>
#include <set>
#include <string>

namespace kiln::rust {

// axum, actix-web, rocket, warp, poem, from [dependencies] keys.
std::optional<std::string> rust_framework(const std::set<std::string>& dependencies);

}  // namespace kiln::rust
