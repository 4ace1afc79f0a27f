#pragma once
// What gets built for a plan: one Dockerfile and context per image. A
// generated plan gives one unit with a rendered Dockerfile; the dockerfile
// buildpack gives the repo's own file; compose gives one unit per service.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

#include "core/dockerfile_renderer.hpp"
#include "core/result.hpp"

namespace kiln {

struct BuildUnit {
  std::string name;              // the service name, or the app name
  std::string context = ".";     // relative to the app folder
  std::string dockerfile_path;   // relative to the context; empty when the Dockerfile is generated
  std::string dockerfile_text;
  std::optional<std::string> target;
  std::map<std::string, std::string> build_args;
  std::optional<int> port;
};

Result<std::vector<BuildUnit>> build_units(const sdk::BuildPlan& plan, const sdk::SourceTree& tree,
                                           const RenderOptions& options);

}  // namespace kiln
