#include "yaml_lookup.hpp"

namespace kiln::compose {
namespace {

constexpr int kMaxMergeDepth = 8;
// Total maps visited by one lookup: merges of merges fan out quickly.
constexpr int kMaxMergeVisits = 256;

bool lookup_into(const YAML::Node& map, std::string_view key, int depth, int& visits, YAML::Node& out) {
  if (!map.IsMap() || depth > kMaxMergeDepth || ++visits > kMaxMergeVisits) return false;
  YAML::Node merge;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const auto& name = it->first.Scalar();
    if (name == key) {
      out.reset(it->second);  // reset, not =: assigning through a yaml-cpp Node rewrites the document
      return true;
    }
    if (name == "<<") merge.reset(it->second);
  }
  if (merge.IsMap()) return lookup_into(merge, key, depth + 1, visits, out);
  if (merge.IsSequence())
    for (auto it = merge.begin(); it != merge.end(); ++it)
      if (lookup_into(*it, key, depth + 1, visits, out)) return true;
  return false;
}

}  // namespace

YAML::Node lookup(const YAML::Node& map, std::string_view key) {
  YAML::Node out;
  int visits = 0;
  lookup_into(map, key, 0, visits, out);
  return out;
}

bool is_missing(const YAML::Node& node) { return !node.IsDefined() || node.IsNull(); }

std::string where(std::string_view file, const YAML::Node& node) {
  auto mark = node.Mark();
  if (mark.line < 0) return std::string(file);
  return std::string(file) + ":" + std::to_string(mark.line + 1);
}

}  // namespace kiln::compose
