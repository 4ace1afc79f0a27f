// kiln serve: the build service and its HTTP API.
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/cli_context.hpp"
#include "isolation/isolated_buildpack.hpp"
#include "plugins/plugin_directories.hpp"
#include "core/ca_bundle.hpp"
#include "http/api_server.hpp"
#include "service/app_watcher.hpp"
#include "service/deployment_store.hpp"
#include "service/sqlite_build_store.hpp"

namespace kiln::cli {
namespace {

struct ServeFlags {
  std::string config_file, listen, data_dir, engine, log_format;
  int max_concurrent = 0;
};

Result<service::ServerConfig> server_config(const ServeFlags& flags, const CliContext& context) {
  service::ServerConfig config;
  if (!flags.config_file.empty()) {
    auto loaded = service::load_server_config(flags.config_file);
    if (!loaded) return loaded.error();
    config = std::move(loaded.value());
  }
  if (!flags.listen.empty())
    if (auto parsed = service::parse_listen_address(flags.listen, config); !parsed)
      return Error{ErrorCode::InvalidConfig, "--listen " + parsed.error().message};
  if (!flags.data_dir.empty()) config.data_dir = flags.data_dir;
  if (!flags.engine.empty()) config.engine = flags.engine;
  if (!flags.log_format.empty()) config.log_format = flags.log_format;
  if (flags.max_concurrent > 0) config.max_concurrent_builds = flags.max_concurrent;
  for (const auto& dir : context.plugin_dirs) config.plugin_dirs.push_back(dir);
  if (context.no_bundled) config.bundled_buildpacks = false;
  // Tokens from the environment keep them out of config files and process listings.
  if (const char* tokens = std::getenv("KILN_API_TOKENS")) {
    std::string list = tokens;
    for (std::size_t start = 0; start <= list.size();) {
      auto comma = list.find(',', start);
      auto token = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!token.empty()) config.tokens.push_back(token);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (auto checked = service::check_server_config(config); !checked) return checked.error();
  return config;
}

// SIGTERM and SIGINT are taken by one thread (sigwait), never by a handler in the middle of a request.
sigset_t shutdown_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR2);  // sent by the server itself when it ends, to release the waiting thread
  return signals;
}

int serve(const service::ServerConfig& config) {
  service::ServerLog log(std::cerr, config.log_format == "json" ? service::ServerLog::Format::Json : service::ServerLog::Format::Text,
                         config.log_level == "debug");
  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  if (error) {
    log.error("cannot create the data folder", {{"path", config.data_dir.string()}, {"error", error.message()}});
    return kExitFailure;
  }
  auto store = service::SqliteBuildStore::open(config.store_file());
  if (!store) {
    log.error("cannot open the build store", {{"error", store.error().message}});
    return kExitFailure;
  }
  std::optional<std::string> ca_bundle;
  if (!config.ca_bundle.empty()) {
    auto bundle = read_ca_bundle(config.ca_bundle);
    if (!bundle) {
      log.error("cannot read the CA bundle", {{"error", bundle.error().message}});
      return kExitFailure;
    }
    ca_bundle = *bundle;
  }
  std::vector<std::filesystem::path> plugin_dirs(config.plugin_dirs.begin(), config.plugin_dirs.end());
  // What POST /api/v1/buildpacks/install puts there (http/registry_routes.cpp) loads like the rest.
  std::filesystem::create_directories(config.installed_buildpacks_dir(), error);
  plugin_dirs.push_back(config.installed_buildpacks_dir());
  // Buildpack code runs in worker processes, never in the server: a crash or a hang there fails one request.
  isolation::PoolOptions workers;
  workers.worker.mode = isolation::SpawnMode::Exec;
  workers.worker.executable = kiln_executable().string();
  workers.size = static_cast<std::size_t>(config.analysis_workers);
  workers.deadline = config.buildpack_timeout;
  service::BuildpackCatalog catalog(plugin_dirs, config.bundled_buildpacks,
                                    isolation::isolated_code_loader(std::make_shared<isolation::WorkerPool>(workers), true));
  for (const auto& problem : catalog.snapshot()->problems()) log.warn("buildpack refused", {{"reason", problem.message}});
  service::BundleStore bundles(config.bundles_dir(), static_cast<std::uint64_t>(config.max_upload_bytes));
  std::filesystem::remove_all(config.work_dir(), error);  // leftovers of a server that died mid-build

  auto signals = shutdown_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so all inherit the mask

  service::BuildService builds(config, **store, catalog, bundles, log, ca_bundle);
  if (auto started = builds.start(); !started) {
    log.error("cannot start the build service", {{"error", started.error().message}});
    return kExitFailure;
  }
  auto deployments = service::DeploymentStore::open(config.store_file());
  if (!deployments) {
    log.error("cannot open the deployment store", {{"error", deployments.error().message}});
    return kExitFailure;
  }
  service::AppWatcher watcher(config, builds, **deployments, log);
  if (auto watching = watcher.start(); !watching) {
    log.error("cannot start the app watcher", {{"error", watching.error().message}});
    return kExitFailure;
  }
  service::ExecutorContext executor{config, catalog, bundles, ca_bundle};
  http::ApiContext context{config, builds, catalog, bundles, log, executor};
  context.apps = &watcher;
  http::ApiServer server(context);
  if (auto bound = server.bind(); !bound) {
    log.error(bound.error().message);
    builds.shutdown(std::chrono::seconds(0));
    return kExitFailure;
  }
  log.info("listening", {{"url", "http://" + config.host + ":" + std::to_string(server.port())},
                         {"port", server.port()},
                         {"data_dir", config.data_dir.string()},
                         {"buildpacks", catalog.snapshot()->buildpacks().size()},
                         {"auth", config.tokens.empty() ? "none (loopback only)" : "bearer tokens"}});

  std::thread signal_waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal == SIGUSR2) return;  // the server ended on its own
    log.info("shutting down: no new builds; running builds get the grace period",
             {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}, {"grace_seconds", config.shutdown_grace.count()}});
    watcher.stop();
    builds.shutdown(config.shutdown_grace);
    server.stop();
  });
  server.run();
  pthread_kill(signal_waiter.native_handle(), SIGUSR2);
  signal_waiter.join();
  watcher.stop();
  builds.shutdown(std::chrono::seconds(0));
  log.info("stopped");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, CliContext& context) {
  static ServeFlags flags;
  auto* command = app.add_subcommand("serve", "Run the build service and its HTTP API");
  command->add_option("--config", flags.config_file, "Server settings (kiln-server.toml)")->check(CLI::ExistingFile);
  command->add_option("--listen", flags.listen, "HOST:PORT to listen on (default 127.0.0.1:7878)");
  command->add_option("--data-dir", flags.data_dir, "Where builds, logs and bundles are kept (default ./kiln-data)");
  command->add_option("--engine", flags.engine, "Engine socket: unix:///path or tcp://host:port (default $DOCKER_HOST)");
  command->add_option("--log-format", flags.log_format, "Server log format")->check(CLI::IsMember({"text", "json"}));
  command->add_option("--max-concurrent-builds", flags.max_concurrent, "Builds running at once")->check(CLI::Range(1, 256));
  command->callback([&context] {
    auto config = server_config(flags, context);
    if (!config) return context.fail(config.error());
    context.exit_code = serve(*config);
  });
}

}  // namespace kiln::cli
