#pragma once
// A few folders and small files as one tar in memory, for the engine's
// PUT /containers/{id}/archive: the helper container's workspace and the
// inputs kiln hands it (a CA bundle, a registry password), which must never
// travel in the container's config where `docker inspect` would show them.
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiln {

struct TarMember {
  enum class Kind { Directory, File };
  Kind kind = Kind::File;
  std::string path;     // relative, '/'-separated, no "." or ".." parts
  std::string content;  // files only
  unsigned mode = 0644;
};

// Every member owned by uid:gid (the user that must read them where the tar
// is unpacked), dated 1970 so the same members make the same bytes.
Result<std::string> small_tar(const std::vector<TarMember>& members, unsigned uid, unsigned gid);

}  // namespace kiln
