#pragma once
// A guess at the port a start command or script listens on, from the ways
// people commonly write one down. Used where nothing declares a port.
#include <optional>
#include <string_view>

namespace kiln::support {

// The first port, in text order, written as ${PORT:-N} (or ${PORT-N},
// ${PORT:=N}), PORT=N, --port=N / --port N, or a bind address 0.0.0.0:N /
// [::]:N. Lines that are shell comments are skipped. nullopt when none.
std::optional<int> port_hint(std::string_view text);

}  // namespace kiln::support
