// kiln run IMAGE --port 8080 --check /: start it, wait until it answers (or
// exits), print the first response and the container's logs.
#include <iostream>
#include <thread>

#include "cli/cancellation.hpp"
#include "cli/cli_context.hpp"
#include "core/quantity_parsing.hpp"
#include "runners/container_client.hpp"
#include "runners/http_check.hpp"

namespace kiln::cli {
namespace {

struct RunFlags {
  std::string image, check = "/", wait = "60s", memory, engine, name;
  int port = 8080;
  double cpus = 0;
  std::vector<std::string> env;
  bool keep = false;
};

}  // namespace

void add_run_command(CLI::App& app, CliContext& context) {
  static RunFlags flags;
  auto* command = app.add_subcommand("run", "Start an image, wait until it answers HTTP, and report");
  command->add_option("image", flags.image, "The image to run")->required();
  command->add_option("--port", flags.port, "The port the app listens on (PORT is set to it)")->check(CLI::Range(1, 65535));
  command->add_option("--check", flags.check, "Path to request once the port answers");
  command->add_option("--wait", flags.wait, "How long to wait for an answer");
  command->add_option("--env", flags.env, "KEY=VALUE (repeatable)");
  command->add_option("--memory", flags.memory, "Memory limit, e.g. 512m");
  command->add_option("--cpus", flags.cpus, "CPU limit, e.g. 1.5");
  command->add_option("--name", flags.name, "Container name");
  command->add_flag("--keep", flags.keep, "Leave the container running after the check");
  command->add_option("--engine", flags.engine, "Engine socket (default $DOCKER_HOST)");

  command->callback([&context] {
    auto env = parse_assignments(flags.env, "--env");
    if (!env) return context.fail(env.error());
    auto wait = parse_duration(flags.wait);
    if (!wait) return context.fail(wait.error());
    auto engine = DockerEngine::connect(engine_address(flags.engine));
    if (!engine) return context.fail(engine.error());
    ContainerClient containers(*engine);

    ContainerSpec spec;
    spec.image = flags.image;
    spec.name = flags.name;
    spec.env = *env;
    spec.env["PORT"] = std::to_string(flags.port);
    if (!flags.memory.empty()) {
      auto bytes = parse_size(flags.memory);
      if (!bytes) return context.fail(bytes.error());
      spec.memory_bytes = *bytes;
    }
    if (flags.cpus > 0) spec.cpus = flags.cpus;
    auto id = containers.create(spec);
    if (!id) return context.fail(id.error());
    auto cleanup = [&] {
      if (!flags.keep) {
        (void)containers.stop(*id, 3);
        (void)containers.remove(*id);
      }
    };
    if (auto started = containers.start(*id); !started) {
      (void)containers.remove(*id);
      return context.fail(started.error());
    }
    std::cout << "==> started " << id->substr(0, 12) << " from " << flags.image << ", waiting for port " << flags.port
              << std::endl;

    install_interrupt_handler();
    auto deadline = std::chrono::steady_clock::now() + *wait;
    std::optional<HttpAnswer> answer;
    std::optional<ContainerState> exited;
    while (!interrupted() && std::chrono::steady_clock::now() < deadline) {
      answer = http_get("127.0.0.1", flags.port, flags.check);
      if (answer) break;
      auto state = containers.state(*id);
      if (state && !state->running) {
        exited = *state;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    auto logs = containers.logs(*id);
    if (answer) {
      std::cout << "==> GET " << flags.check << " -> HTTP " << answer->status << "\n" << answer->body.substr(0, 2000)
                << (answer->body.size() > 2000 ? "\n..." : "") << "\n";
    }
    std::cout << "==> container logs:\n" << (logs ? *logs : "(unavailable: " + logs.error().message + ")") << std::endl;
    if (answer) {
      if (flags.keep) std::cout << "==> left running: " << *id << "\n";
      cleanup();
      return;
    }
    cleanup();
    if (exited)
      return context.fail(Error{ErrorCode::RunFailed, "the container exited with code " +
                                                  std::to_string(exited->exit_code.value_or(-1)) +
                                                  " before port " + std::to_string(flags.port) + " answered"});
    context.fail(Error{ErrorCode::RunFailed, "port " + std::to_string(flags.port) + " did not answer within " + flags.wait});
  });
}

}  // namespace kiln::cli
