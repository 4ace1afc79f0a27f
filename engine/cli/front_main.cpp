// kiln: the front. detect, plan, dockerfile and buildpacks list|new|test are answered here,
// by a small executable that links only what analysis needs (no libcurl,
// OpenSSL, SQLite, libarchive, HTTP), so they start in about a millisecond.
// Every other command (build, run, serve, --help) is handed to kiln-engine,
// installed beside it, with the same arguments.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "cli/cli_main.hpp"
#include "plugins/plugin_directories.hpp"

namespace {

// The subcommand, skipping kiln's global options (and the values of those that take one);
// `first` is where to start looking, and says where it was found.
std::string_view subcommand_of(int argc, char** argv, int& first) {
  for (int& i = first; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--plugin-dir" || arg == "--buildpack-timeout") {
      ++i;
      continue;
    }
    if (arg == "--version") return arg;
    if (!arg.empty() && arg[0] == '-') {
      if (arg.rfind("--plugin-dir=", 0) == 0 || arg.rfind("--buildpack-timeout=", 0) == 0 || arg == "--no-bundled")
        continue;
      return arg;  // --help and anything unknown: the engine's full parser answers
    }
    return arg;
  }
  return {};
}

bool answered_here(int argc, char** argv) {
  int at = 1;
  const auto command = subcommand_of(argc, argv, at);
  // buildpacks: list, new and test read local files only; the registry's commands (pack, sign,
  // install, list --outdated, ...) need libarchive, OpenSSL and libcurl: kiln-engine's.
  if (command == "buildpacks") {
    for (int i = at + 1; i < argc; ++i)
      if (std::string_view(argv[i]) == "--outdated") return false;
    int next = at + 1;
    const auto sub = subcommand_of(argc, argv, next);
    return sub == "list" || sub == "new" || sub == "test";
  }
  for (std::string_view light : {"detect", "plan", "dockerfile", "--version"})
    if (command == light) return true;
  return command == kiln::isolation::kWorkerCommand;
}

int hand_to_engine(char** argv) {
  const auto engine = kiln::kiln_executable().parent_path() / "kiln-engine";
  argv[0] = const_cast<char*>(engine.c_str());
  execv(engine.c_str(), argv);
  std::cerr << "kiln: cannot run " << engine.string() << " (it does build, run and serve): " << std::strerror(errno)
            << "\n";
  return kiln::cli::kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kiln::cli;
  if (!answered_here(argc, argv)) return hand_to_engine(argv);
  return run_cli(argc, argv, {add_detect_command, add_plan_command, add_dockerfile_command, add_buildpacks_command},
                 RunEnd::exit_now);
}
