#include "core/dockerfile_renderer.hpp"

#include <sstream>

#include "core/dockerfile_quoting.hpp"
#include "core/plan_validation.hpp"
#include "core/value_checks.hpp"

namespace kiln {
namespace {

constexpr const char* kCaTrustFolder = "/usr/local/share/ca-certificates/kiln";

std::string run_shell(const std::string& command) { return "RUN " + json_array({"/bin/sh", "-c", command}) + "\n"; }

std::string apt_install(const std::vector<std::string>& packages) {
  std::string list;
  for (const auto& p : packages) list += " " + p;  // validated package names: safe in a shell line
  return run_shell("apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends" +
                   list + " && rm -rf /var/lib/apt/lists/*");
}

std::string env_lines(const std::map<std::string, std::string>& vars) {
  std::string out;
  for (const auto& [name, value] : vars) out += "ENV " + name + "=" + quoted_word(value) + "\n";
  return out;
}

// Inputs grouped by folder: one COPY per folder keeps relative paths intact.
std::string copy_inputs(const std::vector<std::string>& inputs) {
  std::map<std::string, std::vector<std::string>> by_folder;
  for (const auto& input : inputs) {
    auto slash = input.rfind('/');
    by_folder[slash == std::string::npos ? "" : input.substr(0, slash + 1)].push_back(input);
  }
  std::string out;
  for (auto& [folder, files] : by_folder) {
    files.push_back("./" + folder);
    out += "COPY " + json_array(files) + "\n";
  }
  return out;
}

std::string in_workdir(const std::string& workdir, const std::string& path) {
  return path.front() == '/' ? path : workdir + "/" + path;
}

std::string run_env(const sdk::BuildPlan& plan) {
  std::map<std::string, std::string> env;
  env["HOME"] = "/tmp";  // the numeric run user has no home; many tools want a writable one
  if (plan.port) env["PORT"] = std::to_string(*plan.port);
  for (const auto& [k, v] : plan.env) env[k] = v;
  return env_lines(env);
}

// runtime: what the build stage's stack provides ("node 22.23.5"), so an image says what it was built with.
std::string run_metadata(const sdk::BuildPlan& plan, const RenderOptions& options, const std::string& runtime) {
  std::string out;
  if (plan.port) out += "EXPOSE " + std::to_string(*plan.port) + "\n";

  std::map<std::string, std::string> labels{
      {"org.opencontainers.image.title", options.app_name},
      {"io.kiln.buildpack", plan.buildpack + (options.buildpack_version.empty() ? "" : "@" + options.buildpack_version)},
      {"io.kiln.language", plan.language},
  };
  if (plan.framework) labels["io.kiln.framework"] = *plan.framework;
  if (plan.package_manager) labels["io.kiln.package-manager"] = *plan.package_manager;
  labels["io.kiln.runtime"] = runtime;
  for (const auto& [k, v] : options.labels) labels[k] = v;
  for (const auto& [k, v] : labels)
    if (!v.empty()) out += "LABEL " + quoted_word(k) + "=" + quoted_word(v) + "\n";
  out += std::string("USER ") + kRunUser + "\n";
  out += "CMD " + json_array(start_command_argv(plan.start)) + "\n";
  return out;
}

// The system store gets the extra certificates (update-ca-certificates also
// rebuilds Java's cacerts where ca-certificates-java is installed, for Maven
// and Gradle); the ecosystems that ship their own store are pointed at it.
std::string trust_ca_bundle() {
  constexpr const char* store = "/etc/ssl/certs/ca-certificates.crt";
  std::string out = std::string("COPY [\"") + kCaBundleFolder + "/\", \"" + kCaTrustFolder + "/\"]\n";
  out += run_shell("update-ca-certificates >/dev/null");
  std::map<std::string, std::string> env;
  for (const char* var : {"SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS", "PIP_CERT", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
                          "GIT_SSL_CAINFO", "CARGO_HTTP_CAINFO"})
    env[var] = store;
  return out + env_lines(env);
}

Status check_render_options(const RenderOptions& options) {
  for (const auto& [k, v] : options.labels) {
    if (k.empty() || check_single_line("label", k) || check_single_line("label", v))
      return Error{ErrorCode::InvalidRequest, "label '" + comment_text(k) + "' must be a non-empty single line, and so must its value"};
  }
  if (auto p = check_single_line("the app name", options.app_name)) return Error{ErrorCode::InvalidRequest, *p};
  return Ok{};
}

}  // namespace

std::vector<std::string> start_command_argv(const sdk::StartCommand& start) {
  if (!start.argv.empty()) return start.argv;
  const auto& cmd = start.shell;
  auto first_space = cmd.find(' ');
  auto first_word = cmd.substr(0, first_space);
  bool simple = cmd.find_first_of(";&|<>()`\n") == std::string::npos &&
                first_word.find('=') == std::string::npos && first_word != "exec";
  return {"/bin/sh", "-c", simple ? "exec " + cmd : cmd};
}

Result<ResolvedImage> run_stage_image(const sdk::BuildPlan& plan, const StackCatalogue& catalogue) {
  // A one-stage plan split for the CA bundle keeps what its single image had.
  const bool installs_packages = !plan.run_packages.empty() || (plan.artifacts.empty() && !plan.build_packages.empty());
  // Packages (a user's run_packages too) need apt, a shell start command a shell.
  const auto argv = start_command_argv(plan.start);
  const bool runs_shell = !argv.empty() && argv.front() == "/bin/sh";
  return catalogue.resolve_run(plan.run_image, installs_packages, runs_shell);
}

Result<std::string> render_dockerfile(const sdk::BuildPlan& plan, const RenderOptions& options) {
  if (auto status = validate_plan(plan); !status) return status.error();
  if (auto status = check_render_options(options); !status) return status.error();
  if (plan.dockerfile || !plan.services.empty())
    return Error{ErrorCode::InternalError, "this plan builds the repository's own Dockerfile; there is nothing to render"};

  // With a CA bundle the build stage trusts certificates the run image must
  // not carry: the app and /usr/local (global tools) move to a clean stage.
  auto artifacts = plan.artifacts;
  if (options.ca_bundle && artifacts.empty()) artifacts = {{plan.workdir, plan.workdir}, {"/usr/local", "/usr/local"}};
  const bool two_stages = !artifacts.empty();
  auto build_image = options.catalogue.resolve(plan.build_image);
  if (!build_image) return build_image.error();
  std::string run_image;
  if (two_stages) {
    auto resolved = run_stage_image(plan, options.catalogue);
    if (!resolved) return resolved.error();
    run_image = resolved->image;
  }
  std::ostringstream out;
  out << "# Generated by kiln " << KILN_VERSION << " with buildpack " << comment_text(plan.buildpack) << " "
      << comment_text(options.buildpack_version) << ". Change kiln.toml, not this file.\n";
  out << "FROM " << build_image->image << " AS build\n";
  out << "WORKDIR " << plan.workdir << "\n";
  if (!plan.build_packages.empty()) out << apt_install(plan.build_packages);
  auto build_env = plan.env;
  for (const auto& [k, v] : plan.build_env) build_env[k] = v;
  if (options.ca_bundle) out << trust_ca_bundle();
  out << env_lines(build_env);

  // Phases that name their inputs come first, on only those files: their
  // layers survive any change to the rest of the source.
  bool source_copied = false;
  for (const auto& phase : plan.phases) {
    if (!phase.inputs.empty() && !source_copied) {
      out << copy_inputs(phase.inputs);
    } else if (!source_copied) {
      out << "COPY . .\n";
      source_copied = true;
    }
    for (const auto& command : phase.commands) out << run_shell(command);
  }
  if (!source_copied) out << "COPY . .\n";
  if (options.ca_bundle)
    out << run_shell(std::string("rm -rf ") + kCaTrustFolder + " " + plan.workdir + "/" + kCaBundleFolder);

  if (two_stages) {
    // A one-stage plan split for the CA bundle keeps what its single image had.
    auto run_packages = plan.run_packages;
    if (plan.artifacts.empty()) run_packages.insert(run_packages.begin(), plan.build_packages.begin(), plan.build_packages.end());
    out << "\nFROM " << run_image << " AS run\n";
    // ENV before WORKDIR: when both stages start from the same image, their
    // first steps must differ, or the classic builder's cache may hand the
    // build stage the run stage's layer and miss every step after it.
    out << run_env(plan);
    out << "WORKDIR " << plan.workdir << "\n";
    if (!run_packages.empty()) out << apt_install(run_packages);
    for (const auto& artifact : artifacts)
      out << "COPY --from=build "
          << json_array({in_workdir(plan.workdir, artifact.from), in_workdir(plan.workdir, artifact.to)}) << "\n";
  } else if (!plan.run_packages.empty()) {
    out << apt_install(plan.run_packages);
  }
  if (!two_stages) out << run_env(plan);
  std::string runtime;
  if (build_image->stack && !build_image->version.empty()) runtime = build_image->stack->runtime + " " + build_image->version;
  out << run_metadata(plan, options, runtime);
  return out.str();
}

}  // namespace kiln
