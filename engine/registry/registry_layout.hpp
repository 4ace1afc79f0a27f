#pragma once
// Where things are in a registry, a folder or the same tree over HTTP:
//   ids                                      every buildpack id, one a line (for search)
//   index/<id>                               its versions, JSON lines (registry/index_entry.hpp)
//   packages/<id>/<id>-<version>.tar.gz      a package; its index line's url says so
#include <string>

namespace kiln::registry {

inline constexpr const char* kIdsFile = "ids";
inline std::string index_path(const std::string& id) { return "index/" + id; }
inline std::string package_path(const std::string& id, const std::string& version) {
  return "packages/" + id + "/" + id + "-" + version + ".tar.gz";
}

}  // namespace kiln::registry
