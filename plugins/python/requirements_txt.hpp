#pragma once
// pip requirements files: the dependency names they list and the files they pull in.
#include <string>
#include <string_view>
#include <vector>

#include <kiln/sdk/source.hpp>

#include "requirement_name.hpp"

namespace kiln::python {

struct RequirementsFile {
  // The file itself and every existing file it includes with -r/-c, in the
  // order pip reads them: all of them are inputs of the install layer.
  std::vector<std::string> files;
  std::vector<Requirement> requirements;
  // "-e .", "./libs/x", "file:..." or "--find-links ./wheels" install from the
  // app's own folder, so the install cannot run before the source is copied.
  bool needs_source = false;
};

// Reads `path` (relative to the tree root) and what it includes. Includes that
// leave the tree or go deeper than a few levels are ignored.
RequirementsFile read_requirements(const sdk::SourceTree& tree, std::string_view path);

}  // namespace kiln::python
