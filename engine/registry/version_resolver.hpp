#pragma once
// Which version of a buildpack an install takes: the highest that satisfies
// the range, is not yanked (unless the range is that exact version), speaks
// an API this kiln speaks and, for native ones, was built for this platform.
// When none does, the error says why each candidate was passed over.
#include <string>
#include <vector>

#include "registry/index_entry.hpp"

namespace kiln::registry {

struct ResolveHost {
  std::string platform;  // host_platform()
};

// "com.acme.deno@^1.2" -> {id, range}; a bare id is "*". Errors: invalid_request.
struct PackageRequest {
  std::string id;
  std::string range = "*";
};
Result<PackageRequest> parse_package_request(const std::string& text);

// True when `range` names one version exactly ("1.2.3" or "=1.2.3").
bool is_exact_version(const std::string& range);

// Errors (invalid_buildpack, naming the package): nothing satisfies the range, or what does is
// yanked, of another API or of another platform.
Result<IndexEntry> resolve_version(const std::vector<IndexEntry>& entries, const PackageRequest& request,
                                   const ResolveHost& host);

}  // namespace kiln::registry
