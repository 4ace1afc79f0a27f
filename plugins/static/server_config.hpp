#pragma once
// A web server configuration the repository already has, read for what it
// means to kiln: which folder is served, and whether unknown paths fall back
// to index.html (a single-page app). Only the intent is honoured: the site is
// served by the static stack's own servers, not by the server the file is for.
#include <optional>
#include <string>

#include <kiln/sdk/source.hpp>

namespace kiln::static_site {

struct ServerConfig {
  std::string file;                 // the file that said so, as evidence
  std::optional<std::string> root;  // normalized folder to serve, when the file names one
  bool spa = false;
};

// Heroku's static.json ("root", and a "/**" route to index.html).
// Throws sdk::BuildpackError naming the file when "root" is not a plain folder inside the app.
std::optional<ServerConfig> read_static_json(const sdk::SourceTree& tree);

// An nginx config at the root or in nginx/ whose try_files ends at /index.html,
// or a Netlify _redirects file in the served folder with `/*  /index.html  200`.
std::optional<ServerConfig> spa_fallback_config(const sdk::SourceTree& tree, const std::string& served_folder);

}  // namespace kiln::static_site
