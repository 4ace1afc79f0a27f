#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

nlohmann::json to_json(const BuildpackDescriptor& d) {
  return {{"id", d.id}, {"version", d.version}, {"kind", d.kind}, {"source", d.source},
          {"priority", d.priority}, {"description", d.description}};
}

bool is_valid_buildpack_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  bool dot_seen = false;
  char previous = '.';
  for (char c : id) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (c == '.') {
      if (previous == '.') return false;
      dot_seen = true;
    } else if (!word) {
      return false;
    }
    previous = c;
  }
  return dot_seen && previous != '.';
}

}  // namespace kiln
