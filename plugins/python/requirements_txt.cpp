#include "requirements_txt.hpp"

#include <algorithm>
#include <sstream>

#include <kiln/support/relative_path.hpp>

namespace kiln::python {
namespace {

// Real projects chain two or three files (base/dev/prod); more is a loop or an attack.
constexpr int kMaxIncludeDepth = 4;
constexpr std::size_t kMaxFiles = 16;
constexpr std::size_t kMaxFileBytes = 256 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// pip treats '#' as a comment at the start of a line or after whitespace.
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  return line;
}

// Lines ending in a backslash continue on the next line.
std::vector<std::string> logical_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string pending;
  for (std::string raw; std::getline(in, raw);) {
    auto line = trim(raw);
    if (!line.empty() && line.back() == '\\') {
      pending += std::string(line.substr(0, line.size() - 1)) + " ";
      continue;
    }
    lines.push_back(pending + std::string(line));
    pending.clear();
  }
  if (!pending.empty()) lines.push_back(pending);
  return lines;
}

bool local_path(std::string_view target) {
  return target.starts_with(".") || target.starts_with("/") || target.starts_with("file:");
}

// "-r x", "-rx", "--requirement x", "--requirement=x": the value after a known option.
std::optional<std::string_view> option_value(std::string_view line, std::string_view short_flag,
                                             std::string_view long_flag) {
  for (auto flag : {long_flag, short_flag}) {
    if (flag.empty() || !line.starts_with(flag)) continue;
    auto rest = line.substr(flag.size());
    if (flag == long_flag && !rest.empty() && rest.front() != ' ' && rest.front() != '=' && rest.front() != '\t')
      continue;  // "--requirementsx" is not this option
    if (!rest.empty() && rest.front() == '=') rest.remove_prefix(1);
    return trim(rest);
  }
  return std::nullopt;
}

std::string directory_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string(".") : std::string(path.substr(0, slash));
}

struct Reader {
  const sdk::SourceTree& tree;
  RequirementsFile result;

  void read(const std::string& path, int depth) {
    if (depth > kMaxIncludeDepth || result.files.size() >= kMaxFiles) return;
    if (std::find(result.files.begin(), result.files.end(), path) != result.files.end()) return;
    auto text = tree.read(path, kMaxFileBytes);
    if (!text) return;
    result.files.push_back(path);
    for (const auto& raw : logical_lines(*text)) line(trim(strip_comment(raw)), path, depth);
  }

  void include(std::string_view target, const std::string& from, int depth) {
    auto joined = support::join_relative_path(directory_of(from), target);
    if (auto normalized = support::normalize_relative_path(joined)) read(*normalized, depth + 1);
  }

  void line(std::string_view line, const std::string& from, int depth) {
    if (line.empty()) return;
    if (auto target = option_value(line, "-r", "--requirement")) return include(*target, from, depth);
    if (auto target = option_value(line, "-c", "--constraint")) return include(*target, from, depth);
    if (auto target = option_value(line, "-e", "--editable")) {
      if (local_path(*target)) result.needs_source = true;
      else egg(*target);
      return;
    }
    if (auto target = option_value(line, "-f", "--find-links")) {
      if (local_path(*target) || target->find("://") == std::string_view::npos) result.needs_source = true;
      return;
    }
    if (line.front() == '-') return;  // --index-url, --hash, --pre, ...
    if (local_path(line)) {
      result.needs_source = true;
      return;
    }
    // "name @ https://..." names itself; a bare URL only in its #egg= fragment.
    if (auto scheme = line.find("://"); scheme != std::string_view::npos &&
                                         line.substr(0, scheme).find('@') == std::string_view::npos)
      return egg(line);
    if (auto requirement = parse_requirement(line)) result.requirements.push_back(std::move(*requirement));
  }

  // "git+https://host/x.git#egg=name": the name is in the fragment.
  void egg(std::string_view url) {
    auto at = url.find("#egg=");
    if (at == std::string_view::npos) return;
    if (auto requirement = parse_requirement(url.substr(at + 5))) result.requirements.push_back(std::move(*requirement));
  }
};

}  // namespace

RequirementsFile read_requirements(const sdk::SourceTree& tree, std::string_view path) {
  Reader reader{tree, {}};
  reader.read(std::string(path), 0);
  return std::move(reader.result);
}

}  // namespace kiln::python
