#include "app_object.hpp"

#include <array>
#include <cctype>
#include <sstream>
#include <utility>
#include <vector>

namespace kiln::python {
namespace {

constexpr std::size_t kMaxSourceBytes = 256 * 1024;

// File -> module, in the order people name their entry points.
// src/ layouts are left out: their modules import each other as top-level
// names, which only works with a --chdir we would be guessing.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kCandidates = {{
    {"main.py", "main"},
    {"app.py", "app"},
    {"wsgi.py", "wsgi"},
    {"asgi.py", "asgi"},
    {"application.py", "application"},
    {"server.py", "server"},
    {"api.py", "api"},
    {"run.py", "run"},
    {"app/main.py", "app.main"},
    {"app/__init__.py", "app"},
    {"app/app.py", "app.app"},
    {"api/main.py", "api.main"},
}};

bool identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "app = Flask(__name__)", "app: FastAPI = fastapi.FastAPI()", "app = create_app()":
// the assigned name when the right-hand side calls `constructor` (or a factory).
std::optional<std::string> assigned_app(std::string_view line, std::string_view constructor, bool allow_factory) {
  if (line.empty() || std::isspace(static_cast<unsigned char>(line.front()))) return std::nullopt;  // module level only
  auto eq = line.find('=');
  if (eq == std::string_view::npos || eq + 1 >= line.size() || line[eq + 1] == '=') return std::nullopt;
  auto lhs = trim(line.substr(0, eq));
  if (auto colon = lhs.find(':'); colon != std::string_view::npos) lhs = trim(lhs.substr(0, colon));
  if (!identifier(lhs)) return std::nullopt;
  auto rhs = trim(line.substr(eq + 1));
  auto paren = rhs.find('(');
  if (paren == std::string_view::npos) return std::nullopt;
  auto callee = rhs.substr(0, paren);
  if (auto dot = callee.rfind('.'); dot != std::string_view::npos) callee = callee.substr(dot + 1);
  if (callee == constructor || (allow_factory && callee == "create_app")) return std::string(lhs);
  return std::nullopt;
}

bool defines_factory(std::string_view line) { return line.starts_with("def create_app("); }

// The usual files first, then the project's own package: the Flask tutorial's
// flaskr/__init__.py. A src/ layout is importable only once installed.
std::vector<std::pair<std::string, std::string>> candidates(const std::optional<ProjectPackage>& package) {
  std::vector<std::pair<std::string, std::string>> out(kCandidates.begin(), kCandidates.end());
  if (!package || !identifier(package->name)) return out;
  const auto& name = package->name;
  std::vector<std::string> roots{name};
  if (package->installed) roots.push_back("src/" + name);
  for (const auto& root : roots) {
    out.emplace_back(root + "/__init__.py", name);
    out.emplace_back(root + "/app.py", name + ".app");
    out.emplace_back(root + "/main.py", name + ".main");
  }
  return out;
}

}  // namespace

std::optional<AppObject> find_app_object(const sdk::SourceTree& tree, std::string_view constructor, bool allow_factory,
                                         const std::optional<ProjectPackage>& package) {
  std::optional<AppObject> factory;
  for (const auto& [file, module] : candidates(package)) {
    auto text = tree.read(file, kMaxSourceBytes);
    if (!text) continue;
    // A cheap filter before looking at lines: most candidates are not the app.
    if (text->find(constructor) == std::string::npos && text->find("create_app") == std::string::npos) continue;
    std::istringstream in(*text);
    for (std::string line; std::getline(in, line);) {
      if (auto name = assigned_app(line, constructor, allow_factory))
        return AppObject{std::string(module), *name, std::string(file)};
      if (allow_factory && !factory && defines_factory(line))
        factory = AppObject{std::string(module), "create_app()", std::string(file)};
    }
  }
  return factory;
}

}  // namespace kiln::python
