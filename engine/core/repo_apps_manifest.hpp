#pragma once
// A repository that holds several apps says so itself, in its root kiln.toml:
//
//   [[apps]]
//   name = "web"                 # [a-z0-9._-], 1 to 63 characters; the deployment is "<watched app>/web"
//   path = "services/web"        # the app's folder: a change under it rebuilds it ("." = the whole repo)
//   context = "app"              # optional: where the app is, inside path
//   buildpack = "kiln.static"    # optional: skip detection
//   target = "runtime"           # optional: a Dockerfile stage
//   keep = 3                     # optional: images kept (default: the watched app's)
//   [apps.env]        KEY = "value"
//   [apps.build_args] KEY = "value"
//
// Everything else about an app's build is in its folder's own kiln.toml, read
// by the build as for any app. This file only reads the text: that a path is
// not a symlink out of the repository is checked against the commit's tree
// (repo_apps_check.hpp in the service).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace kiln {

struct RepoApp {
  std::string name;
  std::string path;     // normalised: no "./", no trailing '/'; "." for the repository root
  std::string context;  // inside path; empty: path itself
  std::string buildpack;
  std::optional<std::string> target;
  std::optional<int> keep;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> build_args;

  // Where the build's source is: path/context ("" for the root).
  std::string build_dir() const;
  // True when `file` (a repository path, as git diff --name-only prints it) is inside path.
  bool owns(std::string_view file) const;
};

// The [[apps]] of a kiln.toml's text; an empty list when it has none (a one-app repository).
// Errors (invalid_config) name the file, the line and the entry: an unknown key, a duplicate
// name, a path that is absolute, has "..", or is not a plain relative path.
Result<std::vector<RepoApp>> parse_repo_apps(std::string_view kiln_toml, const std::string& origin);

}  // namespace kiln
