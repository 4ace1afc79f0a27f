#pragma once
// Where a Flask or FastAPI app lives, in the "module:attribute" form that
// gunicorn and uvicorn take.
#include <optional>
#include <string>
#include <string_view>

#include <kiln/sdk/source.hpp>

namespace kiln::python {

struct AppObject {
  std::string module;     // "main", "app.main"
  std::string attribute;  // "app", or "create_app()" for an application factory
  std::string file;       // the file it was found in

  std::string target() const { return module + ":" + attribute; }
};

// The import package a pyproject names ([tool.flit.module] or [project] name).
struct ProjectPackage {
  std::string name;        // "flaskr"; used only when it is a Python identifier
  bool installed = false;  // pip installs the project, so src/<name> imports too
};

// Looks only at the usual entry files (main.py, app.py, wsgi.py, app/main.py,
// app/__init__.py, ...), then <package>/__init__.py, app.py and main.py, for a
// module-level `name = <constructor>(...)`, or a `def create_app(` factory
// when `allow_factory`. Never walks the tree.
std::optional<AppObject> find_app_object(const sdk::SourceTree& tree, std::string_view constructor, bool allow_factory,
                                         const std::optional<ProjectPackage>& package = std::nullopt);

}  // namespace kiln::python
