#include "kiln/support/node_js_config.hpp"

namespace kiln::support {
namespace {
// Config files are a few hundred bytes; a large one is generated or hostile.
constexpr std::size_t kConfigReadCap = 64u << 10;

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

bool inside_line_comment(std::string_view source, std::size_t pos) {
  auto line_start = source.rfind('\n', pos);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  return source.substr(line_start, pos - line_start).find("//") != std::string_view::npos;
}

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}
}  // namespace

std::optional<std::string> js_string_option(std::string_view source, std::string_view key) {
  for (std::size_t pos = source.find(key); pos != std::string_view::npos; pos = source.find(key, pos + 1)) {
    std::size_t i = pos + key.size();
    // The key may itself be quoted: "outDir": "build".
    bool quoted_key = pos > 0 && (source[pos - 1] == '"' || source[pos - 1] == '\'') && i < source.size() &&
                      source[i] == source[pos - 1];
    if (quoted_key) ++i;
    else if ((pos > 0 && is_identifier_char(source[pos - 1])) || (i < source.size() && is_identifier_char(source[i])))
      continue;  // part of a longer name, e.g. "buildOutDir"
    i = skip_spaces(source, i);
    if (i >= source.size() || source[i] != ':') continue;
    i = skip_spaces(source, i + 1);
    if (i >= source.size() || (source[i] != '\'' && source[i] != '"' && source[i] != '`')) continue;
    char quote = source[i];
    auto end = source.find_first_of(std::string{quote, '\n'}, i + 1);
    if (end == std::string_view::npos || source[end] != quote) continue;
    if (inside_line_comment(source, pos)) continue;
    auto value = source.substr(i + 1, end - i - 1);
    if (quote == '`' && value.find("${") != std::string_view::npos) continue;  // computed
    return std::string(value);
  }
  return std::nullopt;
}

std::optional<std::string> js_config_option(const sdk::SourceTree& tree, std::string_view config_path,
                                            std::string_view key) {
  auto text = tree.read(config_path, kConfigReadCap);
  if (!text) return std::nullopt;
  return js_string_option(*text, key);
}

}  // namespace kiln::support
