#include "core/plan_validation.hpp"

#include "core/schema_check.hpp"
#include "core/value_checks.hpp"

namespace kiln {
namespace {

Error invalid(const std::string& field, const std::string& message) {
  return Error{ErrorCode::PlanFailed, "build plan field " + field + ": " + message};
}

bool has_nul(const std::string& s) { return s.find('\0') != std::string::npos; }

// Free text has no length bound, so the schema leaves these rules to us (a
// pattern over it would recurse in std::regex once per character).
Status check_free_text(const std::map<std::string, std::string>& variables, const std::string& field) {
  for (const auto& [name, value] : variables)
    if (auto p = check_single_line("the value", value)) return invalid(field + "." + name, *p);
  return Ok{};
}

Status check_free_text(const sdk::BuildPlan& plan) {
  for (const auto& [variables, field] : {std::pair{&plan.env, "env"}, std::pair{&plan.build_env, "build_env"}})
    if (auto status = check_free_text(*variables, field); !status) return status;
  if (plan.dockerfile)
    if (auto status = check_free_text(plan.dockerfile->build_args, "dockerfile.build_args"); !status) return status;
  for (std::size_t i = 0; i < plan.services.size(); ++i)
    if (auto status = check_free_text(plan.services[i].build.build_args, "services[" + std::to_string(i) + "].build.build_args");
        !status)
      return status;
  for (std::size_t i = 0; i < plan.phases.size(); ++i)
    for (std::size_t j = 0; j < plan.phases[i].commands.size(); ++j)
      if (has_nul(plan.phases[i].commands[j]))
        return invalid("phases[" + std::to_string(i) + "].commands[" + std::to_string(j) + "]", "holds a NUL");
  for (const auto& arg : plan.start.argv)
    if (has_nul(arg)) return invalid("start", "holds a NUL");
  if (has_nul(plan.start.shell)) return invalid("start", "holds a NUL");
  return Ok{};
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
  if (auto status = check_free_text(plan); !status) return status;
  return check_semantics(plan);
}

}  // namespace kiln
