#include "core/plan_validation.hpp"

#include "core/value_checks.hpp"

namespace kiln {
namespace {

using Problem = std::optional<std::string>;

Error invalid(const std::string& field, const std::string& message) {
  return Error{"invalid_plan", "build plan field " + field + ": " + message};
}

bool has_nul(const std::string& s) { return s.find('\0') != std::string::npos; }

Problem check_variables(const std::map<std::string, std::string>& vars, const std::string& field, std::string& where) {
  for (const auto& [name, value] : vars) {
    where = field + "." + name;
    if (auto p = check_env_name(name)) return p;
    if (auto p = check_single_line("the value", value)) return p;
  }
  return std::nullopt;
}

Problem check_stage_name(const std::string& target) {
  bool ok = !target.empty() && target.size() <= 128;
  for (char c : target) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  if (ok) return std::nullopt;
  return "invalid stage name '" + target + "'";
}

Problem check_dockerfile_build(const sdk::DockerfileBuild& d, std::string& where, const std::string& field) {
  where = field + ".path";
  if (auto p = check_relative_path("the Dockerfile path", d.path)) return p;
  where = field + ".context";
  if (d.context != ".")
    if (auto p = check_relative_path("the build context", d.context)) return p;
  if (d.target) {
    where = field + ".target";
    if (auto p = check_stage_name(*d.target)) return p;
  }
  return check_variables(d.build_args, field + ".build_args", where);
}

}  // namespace

Status validate_plan(const sdk::BuildPlan& plan) {
  std::string where;
  auto fail = [&](const Problem& p) -> Status { return invalid(where, *p); };

  if (plan.version != sdk::kPlanVersion) {
    where = "version";
    return fail("plan version " + std::to_string(plan.version) + " is not " + std::to_string(sdk::kPlanVersion));
  }
  if (plan.port) {
    where = "port";
    if (auto p = check_port(*plan.port)) return fail(p);
  }
  if (plan.dockerfile) {
    if (auto p = check_dockerfile_build(*plan.dockerfile, where, "dockerfile")) return fail(p);
    return Ok{};
  }
  if (!plan.services.empty()) {
    for (std::size_t i = 0; i < plan.services.size(); ++i) {
      const auto& s = plan.services[i];
      auto field = "services[" + std::to_string(i) + "]";
      where = field + ".name";
      if (auto p = check_stage_name(s.name)) return fail(p);
      if (auto p = check_dockerfile_build(s.build, where, field + ".build")) return fail(p);
      if (s.port) {
        where = field + ".port";
        if (auto p = check_port(*s.port)) return fail(p);
      }
    }
    return Ok{};
  }

  for (const auto* field : {"build_image", "run_image"}) {
    where = field;
    const auto& image = std::string(field) == "build_image" ? plan.build_image : plan.run_image;
    if (image.empty()) return fail(std::string("is empty"));
    if (auto p = check_image_reference(image)) return fail(p);
  }
  for (const auto* field : {"build_packages", "run_packages"}) {
    const auto& list = std::string(field) == "build_packages" ? plan.build_packages : plan.run_packages;
    for (std::size_t i = 0; i < list.size(); ++i) {
      where = std::string(field) + "[" + std::to_string(i) + "]";
      if (auto p = check_package_name(list[i])) return fail(p);
    }
  }
  if (auto p = check_variables(plan.env, "env", where)) return fail(p);
  if (auto p = check_variables(plan.build_env, "build_env", where)) return fail(p);
  for (std::size_t i = 0; i < plan.phases.size(); ++i) {
    const auto& phase = plan.phases[i];
    auto field = "phases[" + std::to_string(i) + "]";
    where = field + ".name";
    if (phase.name.empty()) return fail(std::string("is empty"));
    if (auto p = check_single_line("the phase name", phase.name)) return fail(p);
    for (std::size_t j = 0; j < phase.inputs.size(); ++j) {
      where = field + ".inputs[" + std::to_string(j) + "]";
      if (auto p = check_relative_path("the input", phase.inputs[j])) return fail(p);
    }
    for (std::size_t j = 0; j < phase.commands.size(); ++j) {
      where = field + ".commands[" + std::to_string(j) + "]";
      if (phase.commands[j].empty() || has_nul(phase.commands[j])) return fail(std::string("is empty or holds a NUL"));
    }
    for (std::size_t j = 0; j < phase.cache_paths.size(); ++j) {
      where = field + ".cache_paths[" + std::to_string(j) + "]";
      if (auto p = check_image_path("the cache path", phase.cache_paths[j])) return fail(p);
    }
  }
  for (std::size_t i = 0; i < plan.artifacts.size(); ++i) {
    where = "artifacts[" + std::to_string(i) + "]";
    if (auto p = check_image_path("'from'", plan.artifacts[i].from)) return fail(p);
    if (auto p = check_image_path("'to'", plan.artifacts[i].to)) return fail(p);
  }
  where = "workdir";
  if (plan.workdir.empty() || plan.workdir.front() != '/') return fail(std::string("must be an absolute path"));
  if (auto p = check_image_path("the workdir", plan.workdir)) return fail(p);
  where = "start";
  if (plan.start.empty()) return fail(std::string("no start command: set `start` in kiln.toml"));
  if (!plan.start.argv.empty() && !plan.start.shell.empty()) return fail(std::string("has both argv and shell"));
  for (const auto& arg : plan.start.argv)
    if (has_nul(arg)) return fail(std::string("holds a NUL"));
  if (has_nul(plan.start.shell)) return fail(std::string("holds a NUL"));
  return Ok{};
}

}  // namespace kiln
