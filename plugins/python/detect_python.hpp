#pragma once
// Detection of Python apps: manifests first, a few well-known entry files as weak signs.
#include <kiln/sdk/detector.hpp>

namespace kiln::python {

// Scores: 70 for a manifest, +5 when a framework is known, +5 when the entry
// point is certain (Procfile web, Django's wsgi module, the app object);
// 50 for a manifest that does not parse (generate reports it); 40 for bare
// entry files (manage.py, main.py, app.py, ...) with no manifest.
sdk::Detection detect_python(const sdk::SourceTree& tree);

}  // namespace kiln::python
