#include "python_version.hpp"

#include <cctype>
#include <sstream>

#include <kiln/support/toml_file.hpp>

namespace kiln::python {
namespace {

constexpr std::size_t kMaxVersionLength = 64;

// A version or specifier, nothing else: it is shown to users and stored in facts.
std::optional<std::string> clean(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty() || text.size() > kMaxVersionLength) return std::nullopt;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view(".<>=!~^*, -").find(c) == std::string_view::npos)
      return std::nullopt;
  return std::string(text);
}

std::optional<std::string> first_line(const sdk::SourceTree& tree, std::string_view path) {
  auto text = tree.read(path, 4096);
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);)
    if (auto value = clean(line); value && value->front() != '#') return value;
  return std::nullopt;
}

std::optional<std::string> string_at(const std::optional<nlohmann::json>& doc,
                                     std::initializer_list<std::string_view> keys) {
  if (!doc) return std::nullopt;
  auto* node = support::json_at(*doc, keys);
  if (!node || !node->is_string()) return std::nullopt;
  return clean(node->get_ref<const std::string&>());
}

}  // namespace

std::optional<PythonVersion> find_python_version(const sdk::SourceTree& tree, const PythonProject* project) {
  if (auto value = first_line(tree, ".python-version")) return PythonVersion{*value, ".python-version"};
  if (auto value = first_line(tree, "runtime.txt")) {
    // Heroku's spelling: "python-3.11.7".
    if (value->starts_with("python-")) value->erase(0, 7);
    return PythonVersion{*value, "runtime.txt"};
  }
  if (!project) return std::nullopt;
  for (auto key : {"python_full_version", "python_version"})
    if (auto value = string_at(project->pipfile, {"requires", key})) return PythonVersion{*value, "Pipfile"};
  if (auto value = string_at(project->pyproject, {"project", "requires-python"}))
    return PythonVersion{*value, "pyproject.toml"};
  if (auto value = string_at(project->pyproject, {"tool", "poetry", "dependencies", "python"}))
    return PythonVersion{*value, "pyproject.toml"};
  return std::nullopt;
}

}  // namespace kiln::python
