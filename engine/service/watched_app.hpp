#pragma once
// An app that kiln serve watches: a branch of a git repository, built again
// whenever its head moves (polled with `git ls-remote`, or at once on a
// webhook). Written in kiln-server.toml as one [[apps]] table each:
//
//   [[apps]]
//   name = "shop"                                  # [a-z0-9._-], 1 to 63 characters
//   repo = "https://git.example.com/team/shop.git" # the same URL rules as a build's git source
//   branch = "main"
//   context = "services/shop"                       # the app's folder in the repository (optional)
//   interval = "60s"                                # how often ls-remote looks
//   image = "{registry}/{namespace}/{app}:{short_sha}"  # also {timestamp}, {branch}
//   registry = "127.0.0.1:5000"                     # push there when set
//   namespace = "team"
//   keep = 5                                        # images of this app kept in the engine
//   buildpack = "node"                              # optional: skip detection
//   webhook_secret = "..."                          # HMAC key (GitHub, generic) or token (GitLab)
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/result.hpp"

namespace kiln::service {

struct WatchedApp {
  std::string name;
  std::string repo;
  std::string branch = "main";
  std::string context;
  std::chrono::seconds interval{60};
  std::string image_template = "{app}:{short_sha}";
  std::string registry;
  std::string namespace_;
  int keep = 5;
  std::string buildpack;
  std::string webhook_secret;  // secret: never shown
};

// Reads the [[apps]] array of a server config; errors name the file, line and key.
Result<std::vector<WatchedApp>> read_watched_apps(const toml::node& node, const std::string& origin);

// What an image template's placeholders stand for, for one commit.
struct ImageFacts {
  std::string commit;            // full id
  std::int64_t time_epoch_s = 0;  // {timestamp}: UTC, as YYYYMMDDHHMMSS
};

// The template with its placeholders filled; an invalid_config error when the result is not an
// image reference (an empty {registry} leaves no "//": empty parts and their '/' are dropped).
Result<std::string> expand_image_template(const WatchedApp& app, const ImageFacts& facts);

}  // namespace kiln::service
