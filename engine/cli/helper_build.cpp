#include "cli/helper_build.hpp"

#include <cstdlib>
#include <iostream>

#include "cli/cancellation.hpp"
#include "cli/registry_password.hpp"
#include "core/ca_bundle.hpp"
#include "core/quantity_parsing.hpp"
#include "core/secret_file.hpp"
#include "runners/helper_isolation.hpp"

namespace kiln::cli {
namespace {

// The named options given (or taken from their environment variable), as typed.
std::vector<GivenOption> given_options(const CLI::App& app) {
  std::vector<GivenOption> given;
  for (const auto* option : app.get_options()) {
    if (!option->nonpositional() || option->count() == 0) continue;
    std::string name = option->get_lnames().empty() ? "-" + option->get_snames().front()
                                                    : "--" + option->get_lnames().front();
    given.push_back({std::move(name), option->results()});
  }
  return given;
}

void write_output(OutputStream stream, std::string_view text) {
  auto& out = stream == OutputStream::Stderr ? std::cerr : std::cout;
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
}

}  // namespace

void add_isolation_options(CLI::App& command, IsolationFlags& flags) {
  command.add_option("--isolation", flags.isolation,
                     "Where the build runs: host (here), or helper (in a short-lived container of kiln's image that "
                     "gets the app streamed in and is removed afterwards)")
      ->check(CLI::IsMember({"host", "helper"}));
  command.add_option("--helper-image", flags.helper_image, "kiln's image, for --isolation helper")
      ->envname("KILN_HELPER_IMAGE");
}

void build_in_helper(const CLI::App& command, CliContext& context, const IsolationFlags& isolation,
                     const HostBuildInputs& inputs) {
  std::chrono::seconds limit{0};
  if (!inputs.timeout.empty()) {
    auto parsed = parse_duration(inputs.timeout);
    if (!parsed) return context.fail(parsed.error());
    limit = *parsed;
  }
  if (!context.git.url.empty())
    return context.fail(Error{ErrorCode::InvalidRequest,
                              "--isolation helper does not take --git yet: build from a local checkout, or without the helper"});
  std::error_code ec;
  auto app_dir = std::filesystem::canonical(context.app_path, ec);
  if (ec || !std::filesystem::is_directory(app_dir, ec))
    return context.fail(Error{ErrorCode::NotFound, "app folder " + context.app_path + " is not a folder kiln can read"});

  HelperBuild build;
  build.image = isolation.helper_image;
  build.app_dir = app_dir;
  build.build_options = given_options(command);
  if (command.get_parent()) build.global_options = given_options(*command.get_parent());
  if (!inputs.ca_bundle.empty()) {
    auto bundle = read_ca_bundle(inputs.ca_bundle);
    if (!bundle) return context.fail(bundle.error());
    build.ca_bundle = *bundle;
  }
  auto password = inputs.needs_password ? read_registry_password({inputs.password_stdin, inputs.password_file})
                                        : Result<std::optional<std::string>>(std::optional<std::string>());
  if (!password) return context.fail(password.error());
  build.registry_password = *password;

  auto engine = DockerEngine::connect(engine_address(inputs.engine));
  if (!engine) return context.fail(engine.error());

  // A second Ctrl-C must still remove the helper, so it does not exit at once.
  install_interrupt_handler(false);
  Deadline deadline(interrupted(), limit);
  auto outcome = run_build_in_helper(
      *engine, build, write_output, HelperStop{interrupted(), interrupted_twice()},
      [&inputs](const std::string& line) { (inputs.notes_on_stderr ? std::cerr : std::cout) << "==> " << line << std::endl; });
  if (deadline.fired())
    return context.fail(Error{ErrorCode::BuildFailed, "build timed out after " + inputs.timeout + " (the helper was stopped)"});
  if (!outcome) return context.fail(outcome.error().with_context("build in a helper container"));
  if (outcome->stopped && outcome->exit_code != 0) std::cerr << "kiln: cancelled; the helper container was removed\n";
  context.exit_code = outcome->exit_code;
}

}  // namespace kiln::cli
