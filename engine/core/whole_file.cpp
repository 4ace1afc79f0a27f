#include "core/whole_file.hpp"

#include <fstream>
#include <sstream>

namespace kiln {

Result<std::string> read_whole_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{ErrorCode::StorageFailed, file.string() + ": cannot read"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{ErrorCode::StorageFailed, file.string() + ": cannot read"};
  return text.str();
}

}  // namespace kiln
