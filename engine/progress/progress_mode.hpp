#pragma once
// --progress auto|plain|tty|json, and what decides `auto`: a live view only where a person
// watches a terminal that can show one, plain text everywhere else (a pipe, a file, CI).
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "progress/progress_renderer.hpp"

namespace kiln::progress {

enum class ProgressMode { Auto, Plain, Tty, Json };

// The names the flag takes; nullopt for anything else.
std::optional<ProgressMode> parse_progress_mode(std::string_view name);

struct Terminal {
  bool stdout_is_terminal = false;
  bool dumb = false;      // TERM=dumb (or unset): no cursor movement
  bool no_color = false;  // NO_COLOR set and not empty (no-color.org)
};

// Standard output's terminal and the environment's say on it.
Terminal this_terminal();
// Standard output's columns now (they change when the window does): the terminal's, else
// $COLUMNS, else 80.
std::size_t terminal_columns();

// Auto becomes tty or plain. Tty where it cannot be drawn (not a terminal, TERM=dumb) becomes
// plain too: a live view written to a file or a pipe is garbage.
ProgressMode resolve(ProgressMode asked, const Terminal& terminal);

// The renderer of a resolved mode, writing to `out` (warnings of plain and tty to `err`).
std::unique_ptr<ProgressRenderer> make_renderer(ProgressMode mode, const Terminal& terminal, std::ostream& out,
                                                std::ostream& err);

}  // namespace kiln::progress
