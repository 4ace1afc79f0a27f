#include "django_project.hpp"

#include <cctype>
#include <vector>

namespace kiln::python {
namespace {

constexpr std::size_t kMaxSourceBytes = 256 * 1024;

bool dotted_identifier(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  bool start = true;
  for (char c : s) {
    if (c == '.') {
      if (start) return false;
      start = true;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    if (start && std::isdigit(static_cast<unsigned char>(c))) return false;
    start = false;
  }
  return !start;
}

std::string to_path(std::string module) {
  for (auto& c : module)
    if (c == '.') c = '/';
  return module;
}

// The string literal after DJANGO_SETTINGS_MODULE in manage.py:
// os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings").
std::optional<std::string> settings_module(const std::string& manage_py) {
  auto key = manage_py.find("DJANGO_SETTINGS_MODULE");
  if (key == std::string::npos) return std::nullopt;
  auto open = manage_py.find_first_of("\"'", key + 23);  // skip the key's own closing quote
  if (open == std::string::npos) return std::nullopt;
  auto close = manage_py.find(manage_py[open], open + 1);
  if (close == std::string::npos) return std::nullopt;
  auto value = manage_py.substr(open + 1, close - open - 1);
  if (!dotted_identifier(value)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<DjangoProject> find_django_project(const sdk::SourceTree& tree) {
  auto manage = tree.read("manage.py", kMaxSourceBytes);
  if (manage) {
    if (auto settings = settings_module(*manage)) {
      // "config.settings.production" -> try config/settings/wsgi.py, then config/wsgi.py.
      auto package = *settings;
      while (true) {
        auto dot = package.rfind('.');
        if (dot == std::string::npos) break;
        package.resize(dot);
        if (tree.exists(to_path(package) + "/wsgi.py"))
          return DjangoProject{package + ".wsgi", *settings, "manage.py"};
      }
    }
  }
  // Only top-level packages: gunicorn runs from the app root.
  auto candidates = tree.glob("*/wsgi.py");
  if (candidates.size() == 1) {
    auto package = candidates.front().substr(0, candidates.front().size() - 8);
    if (dotted_identifier(package)) return DjangoProject{package + ".wsgi", "", candidates.front()};
  }
  return std::nullopt;
}

bool django_collects_static(const sdk::SourceTree& tree, const DjangoProject& project) {
  if (project.settings_module.empty()) return false;
  auto base = to_path(project.settings_module);
  for (const auto& file : {base + ".py", base + "/__init__.py"}) {
    auto text = tree.read(file, kMaxSourceBytes);
    if (text && text->find("STATIC_ROOT") != std::string::npos) return true;
  }
  return false;
}

}  // namespace kiln::python
