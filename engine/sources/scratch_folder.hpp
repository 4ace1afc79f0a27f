#pragma once
// A private folder (mode 0700, from mkdtemp) under the system's temp folder,
// removed with everything in it when this goes away.
#include <filesystem>
#include <string>

namespace kiln {

class ScratchFolder {
 public:
  // `prefix` names it ("kiln-git"); path() is empty when it could not be made.
  explicit ScratchFolder(const std::string& prefix);
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace kiln
