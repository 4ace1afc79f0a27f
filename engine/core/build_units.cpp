#include "core/build_units.hpp"

#include "core/plan_validation.hpp"

namespace kiln {
namespace {

std::string join(const std::string& context, const std::string& path) {
  return context == "." || context.empty() ? path : context + "/" + path;
}

Result<BuildUnit> repo_dockerfile(const std::string& name, const sdk::DockerfileBuild& build,
                                  std::optional<int> port, const sdk::SourceTree& tree) {
  auto path = join(build.context, build.path);
  auto text = tree.read(path);
  if (!text) return Error{ErrorCode::NotFound, "Dockerfile " + path + " is missing or larger than 1 MiB"};
  return BuildUnit{name, build.context, build.path, std::move(*text), build.target, build.build_args, port};
}

}  // namespace

Result<std::vector<BuildUnit>> build_units(const sdk::BuildPlan& plan, const sdk::SourceTree& tree,
                                           const RenderOptions& options) {
  if (auto valid = validate_plan(plan); !valid) return valid.error();
  std::vector<BuildUnit> units;
  if (plan.dockerfile) {
    auto unit = repo_dockerfile(options.app_name, *plan.dockerfile, plan.port, tree);
    if (!unit) return unit.error();
    units.push_back(std::move(unit.value()));
  } else if (!plan.services.empty()) {
    for (const auto& service : plan.services) {
      auto unit = repo_dockerfile(service.name, service.build, service.port, tree);
      if (!unit) return unit.error().with_context("service " + service.name);
      units.push_back(std::move(unit.value()));
    }
  } else {
    auto text = render_dockerfile(plan, options);
    if (!text) return text.error();
    units.push_back(BuildUnit{options.app_name, ".", "", std::move(text.value()), std::nullopt, {}, plan.port});
  }
  return units;
}

}  // namespace kiln
