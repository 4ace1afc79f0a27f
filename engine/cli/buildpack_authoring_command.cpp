// kiln buildpacks new ID --lua|--native [--dir DIR], kiln buildpacks test DIR [--update]:
// the author's loop, answered by the front (no network, no archive, no keys).
#include <chrono>
#include <iostream>

#include "authoring/buildpack_scaffold.hpp"
#include "authoring/fixture_runner.hpp"
#include "cli/cli_context.hpp"

namespace kiln::cli {
namespace {

void add_new_command(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("new", "Write a working buildpack: descriptor, code, fixture apps, expected results");
  static std::string id, dir;
  static bool lua = false, native = false;
  command->add_option("id", id, "Its id, reverse-DNS-ish (com.acme.deno)")->required();
  auto* lua_flag = command->add_flag("--lua", lua, "A Lua buildpack (buildpack.lua)");
  command->add_flag("--native", native, "A native one (C++ against the SDK, CMakeLists.txt with find_package(KilnSDK))")
      ->excludes(lua_flag);
  command->add_option("--dir", dir, "Where (default: a new folder named after the id)")->type_name("DIR");
  command->callback([&context] {
    if (!lua && !native) return context.fail({ErrorCode::InvalidRequest, "say which kind: --lua or --native"});
    const std::filesystem::path folder = dir.empty() ? std::filesystem::path(id) : std::filesystem::path(dir);
    auto written = scaffold_buildpack({id, lua ? "lua" : "native", folder});
    if (!written) return context.fail(written.error());
    std::cout << "wrote " << (lua ? "Lua" : "native") << " buildpack " << id << " in " << folder.string() << "/\n";
    for (const auto& file : *written) std::cout << "  " << file << "\n";
    if (native)
      std::cout << "next: cmake -S " << folder.string() << " -B " << (folder / "build").string()
                << " -DCMAKE_PREFIX_PATH=<kiln prefix> && cmake --build " << (folder / "build").string() << "\n";
    std::cout << "then: kiln buildpacks test " << folder.string() << "\n";
  });
}

void add_test_command(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("test", "Run detect and plan on each fixture app and compare with the expected results");
  static std::string dir;
  static bool update = false;
  command->add_option("dir", dir, "The buildpack's folder (buildpack.toml, fixtures/, expected/)")->required();
  command->add_flag("--update", update, "Rewrite the expected results from what came out");
  command->callback([&context] {
    const auto started = std::chrono::steady_clock::now();
    auto run = run_fixtures(dir, update);
    if (!run) return context.fail(run.error());
    std::size_t passed = 0, failed = 0;
    for (const auto& f : run->fixtures) {
      switch (f.state) {
        case FixtureOutcome::State::Passed: ++passed, std::cout << "ok       " << f.name << "\n"; break;
        case FixtureOutcome::State::Updated: ++passed, std::cout << "updated  " << f.name << "\n"; break;
        case FixtureOutcome::State::Missing:
          ++failed, std::cout << "MISSING  " << f.name << ": no expected/" << f.name << ".json (run with --update)\n";
          break;
        case FixtureOutcome::State::Changed:
          ++failed, std::cout << "CHANGED  " << f.name << " (- expected/" << f.name << ".json, + now):\n" << f.diff;
          break;
      }
    }
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::cout << run->buildpack << ": " << passed << " passed, " << failed << " failed (" << static_cast<int>(ms) << " ms)\n";
    if (failed) context.exit_code = kExitFailure;
  });
}

}  // namespace

void add_buildpack_authoring_commands(CLI::App& group, CliContext& context) {
  add_new_command(group, context);
  add_test_command(group, context);
}

}  // namespace kiln::cli
