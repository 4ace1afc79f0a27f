#pragma once
// An app's source on local disk, wherever it came from: the folder to read,
// and the revision it is (a commit, a bundle's sha256, "local").
#include <filesystem>
#include <string>

namespace kiln {

struct AppSource {
  std::filesystem::path root;
  std::string revision;
};

}  // namespace kiln
