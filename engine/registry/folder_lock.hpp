#pragma once
// One writer at a time in a folder (a registry while publishing, a plugin dir while installing):
// an flock on the folder itself (no file is made in it), held while this lives, released by the
// kernel if the process dies.
#include <filesystem>

namespace kiln::registry {

class FolderLock {
 public:
  explicit FolderLock(const std::filesystem::path& folder);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace kiln::registry
