#include "core/plan_validation.hpp"

#include "core/schema_check.hpp"

namespace kiln {
namespace {

Error invalid(const std::string& field, const std::string& message) {
  return Error{"invalid_plan", "build plan field " + field + ": " + message};
}

// What sdk/schema/plan.schema.json cannot say, because it depends on which
// kind of plan this is or on C++ state that the JSON form does not show.
Status check_semantics(const sdk::BuildPlan& plan) {
  if (plan.dockerfile || !plan.services.empty()) return Ok{};  // the repository's own Dockerfile: nothing is rendered
  if (plan.build_image.empty()) return invalid("build_image", "is empty");
  if (plan.run_image.empty()) return invalid("run_image", "is empty");
  if (plan.start.empty()) return invalid("start", "no start command: set `start` in kiln.toml");
  // to_json writes argv alone then, so the schema would never see the shell line.
  if (!plan.start.argv.empty() && !plan.start.shell.empty()) return invalid("start", "has both argv and shell");
  return Ok{};
}

}  // namespace

Status validate_plan(const sdk::BuildPlan& plan) {
  // Types, ranges and the characters a Dockerfile can carry: the schema's job,
  // so a plan changed by the user's overrides is held to the same rules as
  // one straight from a buildpack.
  if (auto problem = check_against_schema(nlohmann::json(plan), SdkSchema::plan, /*first_index=*/0))
    return invalid(problem->field.empty() ? "plan" : problem->field, problem->message);
  return check_semantics(plan);
}

}  // namespace kiln
