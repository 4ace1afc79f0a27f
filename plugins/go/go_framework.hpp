#pragma once
// The web framework a Go module requires, if any (net/http needs no requirement).
#include <optional>
#include <string>
#include <vector>

namespace kiln::go {

// gin, echo, fiber, chi, gorilla, from the module paths in go.mod's require list.
std::optional<std::string> go_framework(const std::vector<std::string>& required);

}  // namespace kiln::go
