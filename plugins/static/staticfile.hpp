#pragma once
// Cloud Foundry's Staticfile convention, as other hosts honour it: a YAML file
// at the root whose presence says "serve this as a static site", with `root:`
// (the folder served) and `pushstate: enabled` (a single-page app).
#include <optional>
#include <string>

#include <kiln/sdk/source.hpp>

namespace kiln::static_site {

struct Staticfile {
  std::string root = ".";  // normalized relative folder
  bool pushstate = false;
};

// nullopt when there is no Staticfile. An empty Staticfile (the common case) is all defaults.
// Throws sdk::BuildpackError naming the file and key when `root` is not a plain folder inside the app.
std::optional<Staticfile> read_staticfile(const sdk::SourceTree& tree);

}  // namespace kiln::static_site
