#pragma once
// One app, start to plan: read kiln.toml, ask every buildpack, choose, generate,
// apply the user's overrides, check the result.
#include <memory>
#include <string>

#include <kiln/sdk/plan.hpp>

#include "core/app_config.hpp"
#include "core/detection_report.hpp"
#include "core/local_source_tree.hpp"
#include "core/result.hpp"
#include "plugins/buildpack_registry.hpp"

namespace kiln {

struct Analysis {
  AppConfig config;                // kiln.toml merged with the caller's overrides
  std::shared_ptr<LocalSourceTree> tree;  // the app folder (the context sub-folder when set)
  const RegisteredBuildpack* buildpack = nullptr;
  DetectionReport report;
  std::optional<sdk::BuildPlan> plan;
  std::optional<Error> plan_error;  // why there is no plan
};

// Detection and plan. Fails (code "no_match", or a config / source error) only
// when no buildpack can be chosen; a failing generate() is kept in plan_error.
Result<Analysis> analyze_app(const LocalSourceTree& root, const BuildpackRegistry& registry,
                             const AppConfig& overrides = {});

// The plan, or the error that prevented it.
Result<sdk::BuildPlan> plan_of(const Analysis& analysis);

}  // namespace kiln
