#pragma once
// Writing to the pipes between kiln and its analysis workers.
#include <string_view>

namespace kiln::isolation {

// Writes every byte (retrying short writes and EINTR); false once the other end is gone.
bool write_all(int fd, std::string_view text);

}  // namespace kiln::isolation
