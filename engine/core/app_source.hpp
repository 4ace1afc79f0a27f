#pragma once
// An app's source on local disk, wherever it came from: the folder to read,
// and the revision it is (a commit, a bundle's sha256, "local"). A git
// source's origin and commit become the image's OCI source and revision labels.
#include <filesystem>
#include <string>

namespace kiln {

struct AppSource {
  std::filesystem::path root;
  std::string revision;
  std::string origin;  // where it came from, without credentials (a git URL); empty for a local folder or a bundle
};

}  // namespace kiln
