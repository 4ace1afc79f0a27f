// kiln build PATH -t IMAGE: detect, plan, render, and build on a container engine.
#include <iostream>

#include "cli/build_progress.hpp"
#include "progress/progress_mode.hpp"
#include "cli/cancellation.hpp"
#include "cli/cli_context.hpp"
#include "cli/registry_password.hpp"
#include "cli/helper_build.hpp"
#include "core/quantity_parsing.hpp"
#include "core/ca_bundle.hpp"
#include "runners/docker_image_engine.hpp"
#include "runners/engine_endpoint.hpp"

namespace kiln::cli {
namespace {

struct BuildFlags {
  std::vector<std::string> tags, env, build_args, labels;
  std::string target, platform, network = "host", memory, timeout, engine, ca_bundle;
  std::vector<std::string> push;        // registry references to push to
  std::string registry_username, password_file;
  std::string progress = "auto";
  bool password_stdin = false;
  double cpus = 0;
  bool no_cache = false;
};

Status apply_flags(const BuildFlags& flags, CliContext& context) {
  auto env = parse_assignments(flags.env, "--env");
  if (!env) return env.error();
  auto args = parse_assignments(flags.build_args, "--build-arg");
  if (!args) return args.error();
  context.overrides.env = *env;
  context.overrides.build_args = *args;
  if (!flags.target.empty()) context.overrides.target = flags.target;
  return Ok{};
}

Result<ImageBuildOptions> image_options(const BuildFlags& flags) {
  ImageBuildOptions options;
  options.tags = flags.tags;
  auto labels = parse_assignments(flags.labels, "--label");
  if (!labels) return labels.error();
  options.labels = *labels;
  if (!flags.target.empty()) options.target = flags.target;
  if (!flags.platform.empty()) options.platform = flags.platform;
  options.network = flags.network;
  if (!flags.memory.empty()) {
    auto bytes = parse_size(flags.memory);
    if (!bytes) return bytes.error();
    options.memory_bytes = *bytes;
  }
  if (flags.cpus > 0) options.cpus = flags.cpus;
  options.no_cache = flags.no_cache;
  return options;
}

}  // namespace

void add_build_command(CLI::App& app, CliContext& context) {
  static BuildFlags flags;
  auto* command = app.add_subcommand("build", "Build the app into an image on a container engine");
  add_app_options(*command, context);
  command->add_option("-t,--tag", flags.tags, "Image name and tag (repeatable; default <folder>:latest)");
  command->add_option("--env", flags.env, "KEY=VALUE set in the image (repeatable)");
  command->add_option("--build-arg", flags.build_args, "KEY=VALUE build argument (repeatable)");
  command->add_option("--label", flags.labels, "KEY=VALUE image label (repeatable)");
  command->add_option("--target", flags.target, "Dockerfile stage to build");
  command->add_option("--platform", flags.platform, "Target platform, e.g. linux/amd64");
  command->add_option("--network", flags.network, "Network for build steps: host | none | default")
      ->check(CLI::IsMember({"host", "none", "default"}));
  command->add_option("--memory", flags.memory, "Memory limit for build steps, e.g. 2g");
  command->add_option("--cpus", flags.cpus, "CPU limit for build steps, e.g. 1.5");
  command->add_option("--timeout", flags.timeout, "Give up after this long, e.g. 10m");
  command->add_flag("--no-cache", flags.no_cache, "Do not reuse cached layers");
  command->add_option("--engine", flags.engine, "Engine socket: unix:///path or tcp://host:port (default $DOCKER_HOST)");
  add_stack_options(*command, context);
  command->add_option("--ca-bundle", flags.ca_bundle,
                      "PEM bundle that build steps trust (npm, pip, cargo, go, git, curl, Java); never in the run image")
      ->envname("KILN_CA_BUNDLE");
  command->add_option("--push", flags.push, "Push the image to this reference, e.g. registry:5000/team/app:1 (repeatable)");
  command->add_option("--registry-username", flags.registry_username, "Registry user for --push")
      ->envname("KILN_REGISTRY_USERNAME");
  command->add_flag("--registry-password-stdin", flags.password_stdin,
                    "Read the registry password from standard input (or set KILN_REGISTRY_PASSWORD)");
  command->add_option("--registry-password-file", flags.password_file, "Read the registry password from this file");
  command->add_option("--progress", flags.progress,
                      "How progress is shown: auto (tty on a terminal, else plain), plain (every line), tty (a live "
                      "view), json (one event a line)")
      ->check(CLI::IsMember({"auto", "plain", "tty", "json"}));
  static IsolationFlags isolation;
  add_isolation_options(*command, isolation);

  command->callback([&context, command] {
    if (isolation.helper())
      return build_in_helper(*command, context, isolation,
                             {.engine = flags.engine,
                              .timeout = flags.timeout,
                              .ca_bundle = flags.ca_bundle,
                              .needs_password = !flags.push.empty() && !flags.registry_username.empty(),
                              .password_stdin = flags.password_stdin,
                              .password_file = flags.password_file,
                              .notes_on_stderr = flags.progress == "json"});
    if (auto applied = apply_flags(flags, context); !applied) return context.fail(applied.error());
    std::chrono::seconds limit{0};
    if (!flags.timeout.empty()) {
      auto parsed = parse_duration(flags.timeout);
      if (!parsed) return context.fail(parsed.error());
      limit = *parsed;
    }
    PipelineRequest request;
    if (!flags.ca_bundle.empty()) {
      auto bundle = read_ca_bundle(flags.ca_bundle);
      if (!bundle) return context.fail(bundle.error());
      request.ca_bundle_pem = *bundle;
    }
    auto image = image_options(flags);
    if (!image) return context.fail(image.error());
    request.image = *image;
    std::optional<RegistryCredentials> credentials;
    if (!flags.push.empty() && !flags.registry_username.empty()) {
      auto password = read_registry_password({flags.password_stdin, flags.password_file});
      if (!password) return context.fail(password.error());
      credentials = RegistryCredentials{flags.registry_username, password->value_or(""), ""};
    }
    request.connect_engine = [address = engine_address(flags.engine), credentials] {
      return connect_docker_engine(address, credentials);
    };
    request.until = flags.push.empty() ? PipelineStage::Build : PipelineStage::Push;
    request.push_destinations = [](const Analysis&) { return flags.push; };

    const auto terminal = progress::this_terminal();
    const auto asked = progress::parse_progress_mode(flags.progress).value_or(progress::ProgressMode::Auto);
    const auto mode = progress::resolve(asked, terminal);
    if (asked == progress::ProgressMode::Tty && mode != asked)
      std::cerr << "kiln: --progress tty needs a terminal on standard output; showing plain progress\n";
    auto renderer = progress::make_renderer(mode, terminal, std::cout, std::cerr);
    const bool live = mode == progress::ProgressMode::Tty;
    install_interrupt_handler(true, !live);  // a live view says "cancelling" in its own rows
    Deadline deadline(interrupted(), limit);
    auto reword = [&](const Error& error) {
      return deadline.fired() ? Error{ErrorCode::TimedOut, "the build timed out after " + flags.timeout} : error;
    };
    BuildProgress progress(*renderer, {context.stack_overrides, live, &interrupted(), reword, context.stack_catalogue});
    context.run(std::move(request), progress.hooks(), &interrupted(), reword);
  });
}

}  // namespace kiln::cli
