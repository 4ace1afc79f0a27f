#include "kiln/support/dockerfile_instructions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <kiln/sdk/generator.hpp>

namespace kiln::support {
namespace {

// Real Dockerfiles are a few kilobytes; these bounds keep a hostile one cheap.
constexpr std::size_t kMaxDockerfileBytes = 512 * 1024;
constexpr std::size_t kMaxInstructions = 5000;

constexpr std::array<std::string_view, 18> kKnownKeywords = {
    "ADD",  "ARG",      "CMD",   "COPY",    "ENTRYPOINT", "ENV",   "EXPOSE", "FROM",       "HEALTHCHECK",
    "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",      "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

[[noreturn]] void fail(std::string_view file_name, int line, const std::string& message) {
  throw sdk::BuildpackError(std::string(file_name) + ":" + std::to_string(line) + ": " + message);
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// "# escape=`" and "# syntax=..." lines before anything else. Only escape
// changes how we read the file.
struct Directives {
  char escape = '\\';
  std::size_t first_content_line = 0;
};

Directives read_directives(const std::vector<std::string_view>& lines) {
  Directives d;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto line = trim(lines[i]);
    if (line.empty() || line.front() != '#') break;
    line.remove_prefix(1);
    auto eq = line.find('=');
    if (eq == std::string_view::npos) break;
    auto key = lower(trim(line.substr(0, eq)));
    auto value = trim(line.substr(eq + 1));
    if (key == "escape" && (value == "`" || value == "\\")) d.escape = value.front();
    else if (key != "syntax" && key != "check") break;
    d.first_content_line = i + 1;
  }
  return d;
}

struct Heredoc {
  std::string delimiter;
  bool strip_tabs = false;
};

// "<<EOF", "<<-EOF", "<<'EOF'", "<<\"EOF\"" in RUN, COPY and ADD. A word must
// start with a letter or '_' so shell arithmetic like $((1<<3)) is not one.
std::vector<Heredoc> find_heredocs(std::string_view arguments) {
  std::vector<Heredoc> found;
  std::size_t pos = 0;
  while ((pos = arguments.find("<<", pos)) != std::string_view::npos) {
    std::size_t i = pos + 2;
    pos = i;
    if (i < arguments.size() && arguments[i] == '<') {  // a here-string, <<<
      pos = i + 1;
      continue;
    }
    Heredoc doc;
    if (i < arguments.size() && arguments[i] == '-') doc.strip_tabs = true, ++i;
    char quote = 0;
    if (i < arguments.size() && (arguments[i] == '"' || arguments[i] == '\'')) quote = arguments[i++];
    std::size_t word_start = i;
    if (i >= arguments.size() || !(std::isalpha(static_cast<unsigned char>(arguments[i])) || arguments[i] == '_'))
      continue;
    while (i < arguments.size() &&
           (std::isalnum(static_cast<unsigned char>(arguments[i])) || arguments[i] == '_' || arguments[i] == '-' ||
            arguments[i] == '.'))
      ++i;
    if (quote && (i >= arguments.size() || arguments[i] != quote)) continue;
    doc.delimiter = std::string(arguments.substr(word_start, i - word_start));
    found.push_back(std::move(doc));
    pos = i;
  }
  return found;
}

bool ends_with_escape(std::string_view line, char escape) {
  line = trim(line);
  return !line.empty() && line.back() == escape;
}

bool is_comment(std::string_view line) {
  line = trim(line);
  return !line.empty() && line.front() == '#';
}

}  // namespace

std::vector<DockerfileInstruction> read_dockerfile_instructions(std::string_view text, std::string_view file_name) {
  if (text.size() > kMaxDockerfileBytes) fail(file_name, 1, "file is larger than 512 KiB; not a Dockerfile kiln will read");
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  auto lines = split_lines(text);
  auto directives = read_directives(lines);

  std::vector<DockerfileInstruction> out;
  std::size_t i = directives.first_content_line;
  while (i < lines.size()) {
    auto first = trim(lines[i]);
    if (first.empty() || is_comment(first)) {
      ++i;
      continue;
    }
    int start_line = static_cast<int>(i) + 1;
    // Join continuation lines; comment and blank lines inside them vanish, as in the builder.
    std::string logical;
    bool continued = true;
    while (continued && i < lines.size()) {
      auto line = lines[i++];
      if (!logical.empty() && (trim(line).empty() || is_comment(line))) continue;
      continued = ends_with_escape(line, directives.escape);
      if (continued) {
        // Only the escape and the blanks after it go; leading blanks stay, as in the builder.
        while (line.back() == ' ' || line.back() == '\t' || line.back() == '\r') line.remove_suffix(1);
        line.remove_suffix(1);
        logical += line;
      } else {
        logical += line;
      }
    }
    auto whole = trim(logical);
    auto space = whole.find_first_of(" \t");
    auto keyword_text = whole.substr(0, space);
    DockerfileInstruction instruction;
    instruction.keyword = upper(keyword_text);
    instruction.arguments = space == std::string_view::npos ? std::string() : std::string(trim(whole.substr(space)));
    instruction.line = start_line;
    if (std::find(kKnownKeywords.begin(), kKnownKeywords.end(), instruction.keyword) == kKnownKeywords.end())
      fail(file_name, start_line, "unknown instruction '" + std::string(keyword_text.substr(0, 40)) + "'");

    bool exec_form = !instruction.arguments.empty() && instruction.arguments.front() == '[';
    if (!exec_form && (instruction.keyword == "RUN" || instruction.keyword == "COPY" || instruction.keyword == "ADD")) {
      for (const auto& doc : find_heredocs(instruction.arguments)) {
        bool closed = false;
        while (!closed && i < lines.size()) {
          auto body = lines[i++];
          if (doc.strip_tabs) body.remove_prefix(std::min(body.find_first_not_of('\t'), body.size()));
          closed = body == doc.delimiter;
        }
        if (!closed) fail(file_name, start_line, "heredoc '" + doc.delimiter + "' is never closed");
      }
    }
    out.push_back(std::move(instruction));
    if (out.size() > kMaxInstructions) fail(file_name, start_line, "more than 5000 instructions");
  }
  return out;
}

}  // namespace kiln::support
