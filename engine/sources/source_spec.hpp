#pragma once
// Where an app's source comes from when it is not a local folder: a git
// repository, a tar.gz at a URL, or a bundle uploaded to the server earlier.
#include <string>

#include "sources/git_url.hpp"

namespace kiln {

struct SourceSpec {
  enum class Kind { Git, BundleUrl, UploadedBundle };
  Kind kind = Kind::Git;
  GitSourceSpec git;
  std::string bundle_url;
  std::string bundle_id;     // sha256 of an uploaded bundle
  std::string subdir;        // for bundles: the app's folder inside the bundle
};

}  // namespace kiln
