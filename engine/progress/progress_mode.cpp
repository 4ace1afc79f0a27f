#include "progress/progress_mode.hpp"

#include <cstdlib>
#include <optional>

#include <sys/ioctl.h>
#include <unistd.h>

#include "progress/json_renderer.hpp"
#include "progress/plain_renderer.hpp"
#include "progress/tty_renderer.hpp"

namespace kiln::progress {

std::optional<ProgressMode> parse_progress_mode(std::string_view name) {
  if (name == "auto") return ProgressMode::Auto;
  if (name == "plain") return ProgressMode::Plain;
  if (name == "tty") return ProgressMode::Tty;
  if (name == "json") return ProgressMode::Json;
  return std::nullopt;
}

Terminal this_terminal() {
  Terminal terminal;
  terminal.stdout_is_terminal = isatty(STDOUT_FILENO) == 1;
  const char* term = std::getenv("TERM");
  terminal.dumb = !term || std::string_view(term).empty() || std::string_view(term) == "dumb";
  const char* no_color = std::getenv("NO_COLOR");
  terminal.no_color = no_color && *no_color;
  return terminal;
}

std::size_t terminal_columns() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long value = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && value > 0 && value < 10000) return static_cast<std::size_t>(value);
  }
  return 80;
}

ProgressMode resolve(ProgressMode asked, const Terminal& terminal) {
  const bool drawable = terminal.stdout_is_terminal && !terminal.dumb;
  if (asked == ProgressMode::Auto || asked == ProgressMode::Tty) return drawable ? ProgressMode::Tty : ProgressMode::Plain;
  return asked;
}

std::unique_ptr<ProgressRenderer> make_renderer(ProgressMode mode, const Terminal& terminal, std::ostream& out,
                                                std::ostream& err) {
  switch (mode) {
    case ProgressMode::Json: return std::make_unique<JsonRenderer>(out);
    case ProgressMode::Tty: {
      TtyOptions options;
      options.width = terminal_columns;
      options.color = !terminal.no_color;
      return std::make_unique<TtyRenderer>(out, err, std::move(options));
    }
    case ProgressMode::Auto:
    case ProgressMode::Plain: break;
  }
  return std::make_unique<PlainRenderer>(out, err);
}

}  // namespace kiln::progress
