#include "plugins/lua_buildpack.hpp"

#include <fstream>
#include <sstream>

#include <lua.hpp>

#include "plugins/lua_descriptor.hpp"
#include "plugins/lua_json.hpp"
#include "plugins/lua_kiln_module.hpp"
#include "plugins/plugin_output_reader.hpp"
#include "plugins/lua_sandbox.hpp"
#include "plugins/lua_source_tree.hpp"

namespace kiln {
namespace {

using nlohmann::json;

// Buildpack scripts are small; this keeps a stray 2 GB file out of the parser.
constexpr std::uintmax_t kMaxScriptBytes = 1u << 20;

// ---- Entries: run by LuaSandbox::call in protected mode. They own no C++
// objects; everything they read is owned by the caller's frame, above the pcall.

int detect_entry(lua_State* L) {
  push_script_function(L, ScriptFunction::detect);
  push_source_tree(L);
  lua_call(L, 1, 1);
  return 1;
}

struct GenerateCall {
  const json* detection;
  const json* options;
};

int generate_entry(lua_State* L) {
  auto* call = static_cast<GenerateCall*>(lua_touserdata(L, 1));
  push_script_function(L, ScriptFunction::generate);
  push_source_tree(L);
  push_json(L, *call->detection);
  push_json(L, *call->options);
  lua_call(L, 3, 1);
  return 1;
}

Result<std::string> read_script(const std::filesystem::path& script) {
  std::error_code ec;
  auto size = std::filesystem::file_size(script, ec);
  if (ec) return Error{ErrorCode::NotFound, script.string() + ": cannot read the buildpack script: " + ec.message()};
  if (size > kMaxScriptBytes)
    return Error{ErrorCode::InvalidBuildpack, script.string() + ": the script is larger than 1 MiB"};
  std::ifstream in(script, std::ios::binary);
  std::ostringstream text;
  if (!(text << in.rdbuf()) && size > 0)
    return Error{ErrorCode::NotFound, script.string() + ": cannot read the buildpack script"};
  return text.str();
}

// The tree is reachable from the script only while this is alive.
class TreeInUse {
 public:
  TreeInUse(LuaHostContext& host, const sdk::SourceTree& tree) : host_(host) {
    host_.tree = &tree;
    ++host_.generation;
  }
  ~TreeInUse() {
    host_.tree = nullptr;
    ++host_.generation;
    host_.release_scratch();
  }
  TreeInUse(const TreeInUse&) = delete;
  TreeInUse& operator=(const TreeInUse&) = delete;

 private:
  LuaHostContext& host_;
};

}  // namespace

LuaBuildpack::LuaBuildpack(std::filesystem::path script, const LuaLimits& limits)
    : script_(std::move(script)), limits_(limits) {
  // Lua shortens chunk names to fit messages; a short one survives whole and is swapped for the path.
  auto file = script_.filename().string();
  chunk_name_ = !file.empty() && file.size() <= 40 ? file : "buildpack.lua";
}

LuaBuildpack::~LuaBuildpack() = default;

Result<std::shared_ptr<LuaBuildpack>> LuaBuildpack::load(const std::filesystem::path& script, const LuaLimits& limits) {
  auto source = read_script(script);
  if (!source) return source.error();
  std::shared_ptr<LuaBuildpack> buildpack(new LuaBuildpack(script, limits));
  auto started = buildpack->start(*source);
  if (!started) return started.error();
  return buildpack;
}

Status LuaBuildpack::start(const std::string& source) {
  const auto path = script_.string();
  sandbox_ = LuaSandbox::create(limits_.memory_bytes);
  if (!sandbox_)
    return Error{ErrorCode::InvalidBuildpack, path + ": a memory limit of " + std::to_string(limits_.memory_bytes) +
                                          " bytes is too small for a Lua state"};
  lua_State* L = sandbox_->state();
  attach_host_context(L, &host_);
  host_.log_prefix = "[" + path + "] ";  // until the script has told its id

  if (int status = sandbox_->call(open_kiln_module, nullptr, 0, limits_.instruction_budget); status != LUA_OK)
    return Error{ErrorCode::PluginFailure, locate(sandbox_->failure(status))};

  const std::string chunk = "=" + chunk_name_;
  LuaScriptLoad call{&source, chunk.c_str(), -1, -1};
  if (int status = sandbox_->call(load_script_entry, &call, kLuaDescriptorValues, limits_.instruction_budget);
      status != LUA_OK) {
    auto message = locate(sandbox_->failure(status));
    sandbox_->reset();
    return Error{ErrorCode::PluginFailure, message};
  }
  auto info = read_descriptor(L, path);
  lua_settop(L, 0);
  if (!info) return info.error();
  info_ = std::move(*info);
  detect_line_ = call.detect_line;
  generate_line_ = call.generate_line;
  host_.log_prefix = "[" + info_.id + "] ";
  return Ok{};
}

std::string LuaBuildpack::locate(const std::string& message) const {
  const auto prefix = chunk_name_ + ":";
  if (message.compare(0, prefix.size(), prefix) == 0) return script_.string() + ":" + message.substr(prefix.size());
  return script_.string() + ": " + message;
}

std::string LuaBuildpack::locate_line(int line, const std::string& message) const {
  if (line > 0) return script_.string() + ":" + std::to_string(line) + ": " + message;
  return script_.string() + ": " + message;
}

void LuaBuildpack::fail(int status) const {
  auto message = locate(sandbox_->failure(status));
  sandbox_->reset();
  throw sdk::BuildpackError(message);
}

PluginOutput LuaBuildpack::detect_output(const sdk::SourceTree& tree) const {
  std::lock_guard lock(mutex_);
  lua_State* L = sandbox_->state();
  Result<json> result = json();
  {
    TreeInUse in_use(host_, tree);
    int status = sandbox_->call(detect_entry, nullptr, 1, limits_.instruction_budget);
    if (status != LUA_OK) fail(status);
    result = lua_to_json(L, 1);
    lua_settop(L, 0);
  }
  const auto site = locate_line(detect_line_, "detect returned a bad result");
  if (!result) throw sdk::BuildpackError(site + ": " + result.error().message);
  return {std::move(*result), site};
}

sdk::Detection LuaBuildpack::detect(const sdk::SourceTree& tree) const { return read_detection(detect_output(tree)); }

PluginOutput LuaBuildpack::generate_output(const sdk::SourceTree& tree, const sdk::Detection& detection,
                                           const sdk::GenerateOptions& options) const {
  const json detection_arg = detection;
  const json options_arg = options;
  std::lock_guard lock(mutex_);
  lua_State* L = sandbox_->state();
  Result<json> result = json();
  {
    TreeInUse in_use(host_, tree);
    GenerateCall call{&detection_arg, &options_arg};
    int status = sandbox_->call(generate_entry, &call, 1, limits_.instruction_budget);
    if (status != LUA_OK) fail(status);
    result = lua_to_json(L, 1);
    lua_settop(L, 0);
  }
  const auto site = locate_line(generate_line_, "generate returned a bad plan");
  if (!result) throw sdk::BuildpackError(site + ": " + result.error().message);
  if (result->is_null() || *result == false)
    throw sdk::BuildpackError(locate_line(generate_line_, "generate returned nothing; it must return a plan table"));
  return {std::move(*result), site};
}

sdk::BuildPlan LuaBuildpack::generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                                      const sdk::GenerateOptions& options) const {
  auto plan = read_plan(generate_output(tree, detection, options));
  plan.buildpack = info_.id;
  if (plan.language.empty()) plan.language = detection.language;
  if (!plan.framework) plan.framework = detection.framework;
  if (!plan.package_manager) plan.package_manager = detection.package_manager;
  return plan;
}

}  // namespace kiln
