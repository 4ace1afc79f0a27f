#include "plugins/lua_buildpack.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include <kiln/sdk/plugin.hpp>
#include <kiln/sdk/semver.hpp>
#include <lua.hpp>

#include "plugins/lua_json.hpp"
#include "plugins/lua_kiln_module.hpp"
#include "plugins/lua_result_reader.hpp"
#include "plugins/lua_sandbox.hpp"
#include "plugins/lua_source_tree.hpp"

namespace kiln {
namespace {

using nlohmann::json;

// Buildpack scripts are small; this keeps a stray 2 GB file out of the parser.
constexpr std::uintmax_t kMaxScriptBytes = 1u << 20;

// Registry keys (their addresses) under which the script's functions are kept.
const char kDetectKey = 'd';
const char kGenerateKey = 'g';

// ---- Entries: run by LuaSandbox::call in protected mode. They own no C++
// objects; everything they read is owned by the caller's frame, above the pcall.

struct LoadCall {
  const std::string* source;
  const char* chunk_name;
  int detect_line;
  int generate_line;
};

constexpr int kDescriptorValues = 8;  // the table, then id, version, api, priority, description, detect, generate

int defined_line(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TFUNCTION) return -1;
  lua_Debug ar;
  lua_pushvalue(L, index);
  lua_getinfo(L, ">S", &ar);
  return ar.linedefined;
}

int load_entry(lua_State* L) {
  auto* call = static_cast<LoadCall*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  if (luaL_loadbufferx(L, call->source->data(), call->source->size(), call->chunk_name, "t") != LUA_OK)
    return lua_error(L);
  lua_call(L, 0, 1);
  const bool table = lua_istable(L, 1);
  for (const char* field : {"id", "version", "api", "priority", "description", "detect", "generate"}) {
    if (table) lua_getfield(L, 1, field);  // through __index, so a script may inherit from a base table
    else lua_pushnil(L);
  }
  // Kept apart from the table, so a script changing its table later changes nothing.
  lua_pushvalue(L, 7);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kDetectKey);
  lua_pushvalue(L, 8);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kGenerateKey);
  call->detect_line = defined_line(L, 7);
  call->generate_line = defined_line(L, 8);
  return kDescriptorValues;
}

int detect_entry(lua_State* L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kDetectKey);
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
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kGenerateKey);
  push_source_tree(L);
  push_json(L, *call->detection);
  push_json(L, *call->options);
  lua_call(L, 3, 1);
  return 1;
}

// ---- Reading the descriptor after the load entry returned: no Lua call here may raise.

const char* type_at(lua_State* L, int index) { return lua_typename(L, lua_type(L, index)); }

std::optional<std::string> string_at(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TSTRING) return std::nullopt;  // a number would be converted: that allocates
  std::size_t size = 0;
  const char* text = lua_tolstring(L, index, &size);
  return std::string(text, size);
}

std::optional<lua_Integer> integer_at(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TNUMBER) return std::nullopt;
  int exact = 0;
  lua_Integer value = lua_tointegerx(L, index, &exact);
  return exact ? std::optional(value) : std::nullopt;
}

bool is_reverse_dns(const std::string& id) {
  if (id.size() > 128) return false;
  std::size_t parts = 0;
  std::size_t start = 0;
  while (start <= id.size()) {
    auto dot = id.find('.', start);
    auto part = std::string_view(id).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) return false;
    for (char c : part)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts >= 2;
}

Result<std::string> read_script(const std::filesystem::path& script) {
  std::error_code ec;
  auto size = std::filesystem::file_size(script, ec);
  if (ec) return Error{"not_found", script.string() + ": cannot read the buildpack script: " + ec.message()};
  if (size > kMaxScriptBytes)
    return Error{"invalid_buildpack", script.string() + ": the script is larger than 1 MiB"};
  std::ifstream in(script, std::ios::binary);
  std::ostringstream text;
  if (!(text << in.rdbuf()) && size > 0)
    return Error{"not_found", script.string() + ": cannot read the buildpack script"};
  return text.str();
}

json detection_argument(const sdk::Detection& detection) {
  json value = {{"pass", detection.pass},         {"score", detection.score},
                {"language", detection.language}, {"evidence", detection.evidence},
                {"facts", detection.facts}};
  if (detection.framework) value["framework"] = *detection.framework;
  if (detection.package_manager) value["package_manager"] = *detection.package_manager;
  return value;
}

json options_argument(const sdk::GenerateOptions& options) {
  json value = {{"build_args", options.build_args}, {"extra", options.extra}};
  if (options.dockerfile) value["dockerfile"] = *options.dockerfile;
  if (options.target) value["target"] = *options.target;
  if (options.service) value["service"] = *options.service;
  return value;
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
    return Error{"invalid_buildpack", path + ": a memory limit of " + std::to_string(limits_.memory_bytes) +
                                          " bytes is too small for a Lua state"};
  lua_State* L = sandbox_->state();
  attach_host_context(L, &host_);
  host_.log_prefix = "[" + path + "] ";  // until the script has told its id

  if (int status = sandbox_->call(open_kiln_module, nullptr, 0, limits_.instruction_budget); status != LUA_OK)
    return Error{"lua_error", locate(sandbox_->failure(status))};

  const std::string chunk = "=" + chunk_name_;
  LoadCall call{&source, chunk.c_str(), -1, -1};
  if (int status = sandbox_->call(load_entry, &call, kDescriptorValues, limits_.instruction_budget);
      status != LUA_OK) {
    auto message = locate(sandbox_->failure(status));
    sandbox_->reset();
    return Error{"lua_error", message};
  }
  auto invalid = [&](const std::string& why) -> Status {
    lua_settop(L, 0);
    return Error{"invalid_buildpack", path + ": " + why};
  };
  auto wrong_type = [&](const char* field, const char* expected, int index) {
    return invalid(std::string("'") + field + "' must be " + expected + ", got " + type_at(L, index));
  };

  if (lua_type(L, 1) != LUA_TTABLE)
    return invalid(std::string("the script must return a table describing the buildpack, got ") + type_at(L, 1));
  auto id = string_at(L, 2);
  if (!id) return wrong_type("id", "a string", 2);
  if (!is_reverse_dns(*id))
    return invalid("id '" + *id + "' is not reverse-DNS-ish (like com.acme.ruby: two or more dot-separated "
                   "parts of lower-case letters, digits and '-')");
  auto version = string_at(L, 3);
  if (!version) return wrong_type("version", "a string", 3);
  if (!sdk::semver::parse(*version)) return invalid("version '" + *version + "' is not a semantic version");
  auto api = integer_at(L, 4);
  if (!api) return wrong_type("api", "an integer", 4);
  if (*api != static_cast<lua_Integer>(sdk::kApiVersion))
    return Error{"api_mismatch", path + ": buildpack " + *id + " targets kiln API " + std::to_string(*api) +
                                     ", but this kiln speaks API " + std::to_string(sdk::kApiVersion)};
  auto priority = lua_isnil(L, 5) ? std::optional<lua_Integer>(0) : integer_at(L, 5);
  if (!priority || *priority < -1000 || *priority > 1000)
    return wrong_type("priority", "an integer from -1000 to 1000", 5);
  auto description = lua_isnil(L, 6) ? std::optional<std::string>("") : string_at(L, 6);
  if (!description) return wrong_type("description", "a string", 6);
  if (lua_type(L, 7) != LUA_TFUNCTION) return wrong_type("detect", "a function", 7);
  if (lua_type(L, 8) != LUA_TFUNCTION) return wrong_type("generate", "a function", 8);
  lua_settop(L, 0);

  info_ = {*id, *version, static_cast<int>(*api), static_cast<int>(*priority), *description};
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

sdk::Detection LuaBuildpack::detect(const sdk::SourceTree& tree) const {
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
  if (!result) throw sdk::BuildpackError(locate_line(detect_line_, "detect returned a bad result: " + result.error().message));
  try {
    return read_detection(*result);
  } catch (const sdk::BuildpackError& e) {
    throw sdk::BuildpackError(locate_line(detect_line_, std::string("detect returned a bad result: ") + e.what()));
  }
}

sdk::BuildPlan LuaBuildpack::generate(const sdk::SourceTree& tree, const sdk::Detection& detection,
                                      const sdk::GenerateOptions& options) const {
  const json detection_arg = detection_argument(detection);
  const json options_arg = options_argument(options);
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
  if (!result) throw sdk::BuildpackError(locate_line(generate_line_, "generate returned a bad plan: " + result.error().message));
  if (result->is_null() || *result == false)
    throw sdk::BuildpackError(locate_line(generate_line_, "generate returned nothing; it must return a plan table"));
  sdk::BuildPlan plan;
  try {
    plan = read_plan(*result);
  } catch (const sdk::BuildpackError& e) {
    throw sdk::BuildpackError(locate_line(generate_line_, std::string("generate returned a bad plan: ") + e.what()));
  }
  plan.buildpack = info_.id;
  if (plan.language.empty()) plan.language = detection.language;
  if (!plan.framework) plan.framework = detection.framework;
  if (!plan.package_manager) plan.package_manager = detection.package_manager;
  return plan;
}

}  // namespace kiln
