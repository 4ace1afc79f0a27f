#include "registry/version_resolver.hpp"

#include <kiln/sdk/semver.hpp>

#include "plugins/buildpack_descriptor.hpp"

namespace kiln::registry {
namespace semver = sdk::semver;

Result<PackageRequest> parse_package_request(const std::string& text) {
  PackageRequest request;
  auto at = text.find('@');
  request.id = text.substr(0, at);
  if (at != std::string::npos) request.range = text.substr(at + 1);
  if (!is_valid_buildpack_id(request.id))
    return Error{ErrorCode::InvalidRequest, "'" + request.id + "' is not a buildpack id (like com.acme.deno)"};
  if (request.range.empty() || !semver::satisfies("0.0.0", request.range))
    return Error{ErrorCode::InvalidRequest, text + ": '" + request.range + "' is not a version range (like ^1.2, >=1 <2, 1.2.3)"};
  return request;
}

bool is_exact_version(const std::string& range) {
  std::string_view r = range;
  if (!r.empty() && r.front() == '=') r.remove_prefix(1);
  return semver::parse(r).has_value();
}

Result<IndexEntry> resolve_version(const std::vector<IndexEntry>& entries, const PackageRequest& request,
                                   const ResolveHost& host) {
  const bool exact = is_exact_version(request.range);
  const IndexEntry* best = nullptr;
  std::optional<semver::Version> best_version;
  std::vector<std::string> passed_over;
  for (const auto& e : entries) {
    auto version = semver::parse(e.version);
    if (!version || semver::satisfies(*version, request.range) != true) continue;
    const auto name = package_name(e);
    if (e.yanked && !exact) {
      passed_over.push_back(name + " is yanked (ask for it by exact version to install it anyway)");
      continue;
    }
    const auto api = supported_api(e.kind);
    if (e.api < api.oldest || e.api > api.newest) {
      passed_over.push_back(name + " needs " + e.kind + " API " + std::to_string(e.api) + ", this kiln speaks " +
                            std::to_string(api.oldest) + (api.oldest == api.newest ? "" : " to " + std::to_string(api.newest)));
      continue;
    }
    if (e.kind == "native" && e.platform != host.platform) {
      passed_over.push_back(name + " is built for " + (e.platform.empty() ? "no platform" : e.platform) + ", this is " + host.platform);
      continue;
    }
    if (!best || semver::compare(*version, *best_version) > 0) best = &e, best_version = version;
  }
  if (best) return *best;
  std::string message = request.id + "@" + request.range + ": ";
  if (passed_over.empty()) {
    message += "no version satisfies the range";
    if (!entries.empty()) {
      message += " (the registry has";
      for (const auto& e : entries) message += " " + e.version;
      message += ")";
    }
  } else {
    message += "no version can be installed: ";
    for (std::size_t i = 0; i < passed_over.size(); ++i) message += (i ? "; " : "") + passed_over[i];
  }
  return Error{ErrorCode::InvalidBuildpack, message};
}

}  // namespace kiln::registry
