#include "kiln/support/runtime_pin.hpp"

#include <algorithm>

namespace kiln::support {

int line_of(std::string_view text, std::string_view needle, std::string_view after) {
  std::size_t from = 0;
  if (!after.empty()) {
    from = text.find(after);
    if (from == std::string_view::npos) return 0;
  }
  auto at = text.find(needle, from);
  if (at == std::string_view::npos) return 0;
  // "\ngo " finds a line that starts with "go ": that line, not the one before.
  while (at < text.size() && text[at] == '\n' && !needle.empty() && needle.front() == '\n') ++at, needle.remove_prefix(1);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

sdk::BaseImage pinned_runtime(std::string runtime, std::string range, std::string file, std::string_view text,
                              std::string field, std::string_view needle, std::string_view after) {
  if (range.empty()) return sdk::BaseImage::of_runtime(std::move(runtime));
  int line = needle.empty() ? 1 : line_of(text, needle, after);
  return sdk::BaseImage::of_runtime(std::move(runtime), std::move(range), sdk::VersionPin{std::move(file), line, std::move(field)});
}

}  // namespace kiln::support
