#pragma once
// When no buildpack matched: the few that came closest, each with the one file
// that would have made it match, so the user knows what to add, or where in the
// repository to point kiln (a monorepo's app is often one folder down).
#include <cstddef>
#include <string>
#include <vector>

#include "core/detection_report.hpp"
#include "core/local_source_tree.hpp"

namespace kiln {

struct NearMiss {
  std::vector<std::string> buildpacks;  // those that look for `file` (or the one that declined)
  std::string file;       // what it needs here ("package.json"); empty when it was asked and declined
  std::string subfolder;  // a folder one level down that has `file` ("frontend"), if any
  std::vector<std::string> saw;  // declined: what it looked at
};

// Best first: a buildpack whose file is one folder down, then one that was asked
// and declined. Buildpacks with nothing of theirs anywhere near are not "close".
std::vector<NearMiss> closest_buildpacks(const LocalSourceTree& tree, const std::vector<Verdict>& verdicts,
                                         std::size_t most = 3);

// "kiln.node, kiln.bun: package.json is in frontend/, not here: build that folder, or set context = ...".
std::string describe(const NearMiss& miss);

}  // namespace kiln
