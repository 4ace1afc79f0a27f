#include "sources/scratch_folder.hpp"

#include <cstdlib>

namespace kiln {
namespace fs = std::filesystem;

ScratchFolder::ScratchFolder(const std::string& prefix) {
  std::error_code ec;
  auto base = fs::temp_directory_path(ec);
  if (ec) return;
  std::string pattern = (base / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data())) path_ = pattern;
}

ScratchFolder::~ScratchFolder() {
  std::error_code ignored;
  if (!path_.empty()) fs::remove_all(path_, ignored);
}

}  // namespace kiln
