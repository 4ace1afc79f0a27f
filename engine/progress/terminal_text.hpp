#pragma once
// Text from a build (the app's own tools write it: untrusted) made safe to draw in one row of
// a terminal: no escape sequences, no carriage returns that would move the cursor, no line
// longer than the terminal, so a live view can count its rows and redraw them.
#include <cstddef>
#include <string>
#include <string_view>

namespace kiln::progress {

// What a terminal would show of `line` in one row: the text after its last carriage return
// (progress bars redraw themselves that way), without escape sequences or control characters,
// tabs expanded to the next multiple of 8, bytes that are not UTF-8 shown as '?'.
std::string printable(std::string_view line);

// Columns `text` takes (printable text): one per character, two for the wide East Asian and
// emoji blocks.
std::size_t columns(std::string_view text);

// `text` cut to at most `width` columns, its last one an ellipsis when something was cut.
std::string fit(std::string_view text, std::size_t width);

}  // namespace kiln::progress
