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
// The first quoted dotted name after `from`, on the same line.
std::optional<std::string> quoted_after(const std::string& text, std::size_t from) {
  auto end = text.find('\n', from);
  auto open = text.find_first_of("\"'", from);
  if (open == std::string::npos || open > end) return std::nullopt;
  auto close = text.find(text[open], open + 1);
  if (close == std::string::npos || close > end) return std::nullopt;
  auto value = text.substr(open + 1, close - open - 1);
  if (!dotted_identifier(value)) return std::nullopt;
  return value;
}

std::optional<std::string> settings_module(const std::string& manage_py) {
  auto key = manage_py.find("DJANGO_SETTINGS_MODULE");
  if (key == std::string::npos) return std::nullopt;
  return quoted_after(manage_py, key + 23);  // past the key's own closing quote
}

// The files a settings module may be: "config.settings" is config/settings.py
// or a config/settings/ package, whose shared part is often base.py.
std::vector<std::string> settings_files(const std::string& settings) {
  auto base = to_path(settings);
  auto package = base.substr(0, base.rfind('/') == std::string::npos ? 0 : base.rfind('/'));
  std::vector<std::string> files{base + ".py", base + "/__init__.py", base + "/base.py"};
  if (!package.empty()) files.push_back(package + "/base.py");  // config.settings.production imports .base
  return files;
}

// WSGI_APPLICATION = "config.wsgi.application" in the settings: Django's own
// record of the WSGI module, when that module is a file of the app.
std::optional<std::string> settings_wsgi_module(const sdk::SourceTree& tree, const std::string& settings) {
  for (const auto& file : settings_files(settings)) {
    auto text = tree.read(file, kMaxSourceBytes);
    if (!text) continue;
    auto key = text->find("\nWSGI_APPLICATION");
    if (key == std::string::npos) continue;
    auto value = quoted_after(*text, key + 18);
    if (!value) continue;
    auto dot = value->rfind('.');
    if (dot == std::string::npos) continue;
    auto module = value->substr(0, dot);  // "config.wsgi"; gunicorn finds `application` by itself
    if (value->substr(dot + 1) == "application" && tree.exists(to_path(module) + ".py")) return module;
  }
  return std::nullopt;
}

}  // namespace

std::optional<DjangoProject> find_django_project(const sdk::SourceTree& tree) {
  auto manage = tree.read("manage.py", kMaxSourceBytes);
  if (manage) {
    if (auto settings = settings_module(*manage)) {
      if (auto wsgi = settings_wsgi_module(tree, *settings)) return DjangoProject{*wsgi, *settings, "manage.py"};
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
  for (const auto& file : settings_files(project.settings_module)) {
    auto text = tree.read(file, kMaxSourceBytes);
    if (text && text->find("STATIC_ROOT") != std::string::npos) return true;
  }
  return false;
}

}  // namespace kiln::python
