#pragma once
// A Django project's layout: where its WSGI application and settings live.
#include <optional>
#include <string>

#include <kiln/sdk/source.hpp>

namespace kiln::python {

struct DjangoProject {
  std::string wsgi_module;      // "mysite.wsgi", for gunicorn
  std::string settings_module;  // "mysite.settings", empty when manage.py does not say
  std::string evidence;         // the file that told us where wsgi.py is
};

// manage.py's DJANGO_SETTINGS_MODULE names the settings, whose
// WSGI_APPLICATION names the WSGI module; else wsgi.py sits beside the settings (or one package up for settings/ packages). When
// manage.py says nothing, a single top-level */wsgi.py decides.
std::optional<DjangoProject> find_django_project(const sdk::SourceTree& tree);

// True when the settings file sets STATIC_ROOT, i.e. collectstatic has somewhere to write.
bool django_collects_static(const sdk::SourceTree& tree, const DjangoProject& project);

}  // namespace kiln::python
