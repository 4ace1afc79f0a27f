#pragma once
// A buildpack written in Lua 5.4: a `buildpack.lua` run in a LuaSandbox.
//
// The script contract (sdk/templates/lua-buildpack/buildpack.lua is a commented example):
//
//   return {
//     id = "com.acme.ruby",     -- reverse-DNS-ish: [a-z0-9-]+(.[a-z0-9-]+)+
//     version = "0.1.0",        -- the buildpack's own version (semver)
//     api = 1,                  -- must equal kiln's API version (kiln.api)
//     priority = 0,             -- optional: breaks score ties, higher wins
//     description = "...",      -- optional
//     detect = function(tree) ... end,
//     generate = function(tree, detection, options) ... end,
//   }
//
// detect(tree) returns nil or false (not mine), or a table
//   {score = 0..100, language = "ruby", framework = "rails" or nil,
//    package_manager = "bundler" or nil, evidence = {"Gemfile"}, facts = {...}}.
//   (pass is implied; pass = false in the table also means "not mine").
// generate(tree, detection, options) returns a plan table with BuildPlan's JSON
//   keys (sdk/plan.hpp): build_image, run_image (a runtime, {runtime = "go", version = ">=1.22",
//   pinned_by = {file = "go.mod", line = 3, field = "go"}}, or an image reference), build_packages, run_packages,
//   env, build_env, phases = {{name=, inputs=, commands=, cache_paths=}},
//   artifacts = {{from=, to=}}, start = "shell line" | {"argv", ...} | {argv=...} | {shell=...},
//   port, workdir, dockerfile, services. buildpack is always set to the id;
//   language, framework and package_manager default to the detection's.
//   detection is the table detect returned (facts included), round-tripped
//   through JSON; options is {build_args={}, extra={}} (extra: [buildpack_options] and
//   kiln.toml's dockerfile, target and service).
// tree: see lua_source_tree.hpp (exists, is_dir, read, json, list, glob, name).
// kiln: see lua_kiln_module.hpp (log, json_decode, procfile_web, null, semver, api).
//
// Tables become JSON by lua_json.hpp's rules: keys 1..n make a list, string
// keys a map, an empty table is an empty list (accepted where a map is expected).
//
// Sandbox (lua_sandbox.hpp): per-script state, memory cap, instruction budget
// per call (and for the loading run), no io/os/package/debug/require, text-only load.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include <kiln/sdk/detector.hpp>
#include <kiln/sdk/generator.hpp>

#include "core/result.hpp"
#include "plugins/lua_host_context.hpp"
#include "plugins/plugin_output_reader.hpp"

namespace kiln {

class LuaSandbox;

// The Lua script contract's version (kiln.api); a script's `api` must equal it.
inline constexpr int kLuaApiVersion = 1;

struct LuaLimits {
  std::size_t memory_bytes = 64u << 20;           // per script state
  std::uint64_t instruction_budget = 50'000'000;  // per detect/generate call
};

struct LuaBuildpackInfo {
  std::string id;
  std::string version;
  int api = 0;
  int priority = 0;
  std::string description;
};

class LuaBuildpack final : public sdk::Buildpack {
 public:
  // Loads and runs the script once to get its table. Errors name the script
  // (and line) and the reason: unreadable file, syntax error, not returning a
  // table, missing or ill-typed id/version/api/detect/generate, an api other
  // than kLuaApiVersion (both versions named), an id that is not reverse-DNS-ish.
  static Result<std::shared_ptr<LuaBuildpack>> load(const std::filesystem::path& script, const LuaLimits& limits = {});
  ~LuaBuildpack() override;

  const LuaBuildpackInfo& info() const { return info_; }
  const std::filesystem::path& script() const { return script_; }

  // Any failure inside the script (error(), runtime error, budget or memory
  // exhausted, a bad return value) throws sdk::BuildpackError whose message
  // starts with "<script path>:<line>: " when a line is known, else "<script path>: ".
  // Safe to call from several threads: calls on one buildpack take turns.
  sdk::Detection detect(const sdk::SourceTree& tree) const override;
  sdk::BuildPlan generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                          const sdk::GenerateOptions& options) const override;

  // The same calls, stopped before what the script returned is read: a script's
  // failure still throws, a bad return value is left to read_detection / read_plan.
  PluginOutput detect_output(const sdk::SourceTree& tree) const;
  PluginOutput generate_output(const sdk::SourceTree& tree, const sdk::Detection& detection,
                               const sdk::GenerateOptions& options) const;

 private:
  LuaBuildpack(std::filesystem::path script, const LuaLimits& limits);
  Status start(const std::string& source);
  // Prefixes a message from Lua with the script's full path (Lua only knows a short chunk name).
  std::string locate(const std::string& message) const;
  std::string locate_line(int line, const std::string& message) const;
  [[noreturn]] void fail(int status) const;

  std::filesystem::path script_;
  std::string chunk_name_;  // what Lua puts before ":<line>:" in messages
  LuaLimits limits_;
  LuaBuildpackInfo info_;
  int detect_line_ = -1;    // where detect and generate are defined, for errors about what they return
  int generate_line_ = -1;

  mutable std::mutex mutex_;
  mutable LuaHostContext host_;
  std::unique_ptr<LuaSandbox> sandbox_;
};

}  // namespace kiln
