#include "plugins/lua_json.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <type_traits>
#include <vector>

#include <lua.hpp>

namespace kiln {
namespace {

using nlohmann::json;

// push_json walks the document with iterators while Lua may raise; that is
// only sound if an iterator has no destructor for the longjmp to skip.
static_assert(std::is_trivially_destructible_v<json::const_iterator>);

const char kJsonNullMarker = 0;

void push_value(lua_State* L, const json& value, std::size_t depth, std::size_t max_depth) {
  luaL_checkstack(L, 3, "JSON nested too deeply");
  switch (value.type()) {
    case json::value_t::null:
      push_json_null(L);
      return;
    case json::value_t::boolean:
      lua_pushboolean(L, value.get<bool>());
      return;
    case json::value_t::number_integer:
      lua_pushinteger(L, value.get<std::int64_t>());
      return;
    case json::value_t::number_unsigned: {
      const std::uint64_t number = value.get<std::uint64_t>();
      if (number <= static_cast<std::uint64_t>(LUA_MAXINTEGER)) lua_pushinteger(L, static_cast<lua_Integer>(number));
      else lua_pushnumber(L, static_cast<lua_Number>(number));
      return;
    }
    case json::value_t::number_float:
      lua_pushnumber(L, value.get<double>());
      return;
    case json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      lua_pushlstring(L, text.data(), text.size());
      return;
    }
    case json::value_t::array: {
      if (depth >= max_depth) luaL_error(L, "JSON nested deeper than %d levels", static_cast<int>(max_depth));
      lua_createtable(L, static_cast<int>(std::min<std::size_t>(value.size(), INT_MAX)), 0);
      lua_Integer position = 0;
      for (auto it = value.cbegin(); it != value.cend(); ++it) {
        push_value(L, *it, depth + 1, max_depth);
        lua_rawseti(L, -2, ++position);
      }
      return;
    }
    case json::value_t::object: {
      if (depth >= max_depth) luaL_error(L, "JSON nested deeper than %d levels", static_cast<int>(max_depth));
      lua_createtable(L, 0, static_cast<int>(std::min<std::size_t>(value.size(), INT_MAX)));
      for (auto it = value.cbegin(); it != value.cend(); ++it) {
        if (it->is_null()) continue;
        const std::string& key = it.key();
        lua_pushlstring(L, key.data(), key.size());
        push_value(L, *it, depth + 1, max_depth);
        lua_rawset(L, -3);
      }
      return;
    }
    case json::value_t::binary:
    case json::value_t::discarded:
      luaL_error(L, "binary JSON values cannot be passed to Lua");
  }
}

bool is_utf8(const char* text, std::size_t size) {
  const auto* s = reinterpret_cast<const unsigned char*>(text);
  std::size_t i = 0;
  while (i < size) {
    const unsigned char c = s[i];
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) extra = 1, code = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) extra = 2, code = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) extra = 3, code = c & 0x07;
    else return false;
    if (i + extra >= size) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      code = (code << 6) | (s[i + k] & 0x3F);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

struct Refusal {
  std::string message;
};

// One conversion: the limits spent so far and where in the value it is.
class LuaReader {
 public:
  LuaReader(lua_State* L, const LuaJsonLimits& limits) : L_(L), limits_(limits) {}

  json read(int index, std::size_t depth) {
    switch (lua_type(L_, index)) {
      case LUA_TNIL:
        return nullptr;
      case LUA_TBOOLEAN:
        return static_cast<bool>(lua_toboolean(L_, index));
      case LUA_TNUMBER:
        return read_number(index);
      case LUA_TSTRING:
        return read_string(index);
      case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L_, index) == &kJsonNullMarker) return nullptr;
        refuse("a light userdata cannot be converted");
      case LUA_TTABLE:
        return read_table(lua_absindex(L_, index), depth);
      default:
        refuse(std::string("a ") + lua_typename(L_, lua_type(L_, index)) + " cannot be converted");
    }
  }

 private:
  [[noreturn]] void refuse(const std::string& problem) const {
    std::string where;
    for (const auto& segment : path_) where += segment;
    throw Refusal{where.empty() ? problem : "field '" + where + "': " + problem};
  }

  void enter_key(const char* key, std::size_t size) {
    path_.push_back((path_.empty() ? "" : ".") + std::string(key, size));
  }
  void enter_position(lua_Integer position) { path_.push_back("[" + std::to_string(position) + "]"); }
  void leave() { path_.pop_back(); }

  json read_number(int index) {
    if (lua_isinteger(L_, index)) return static_cast<std::int64_t>(lua_tointeger(L_, index));
    const double number = lua_tonumber(L_, index);
    if (!std::isfinite(number)) refuse("NaN and infinite numbers cannot be converted");
    return number;
  }

  // The string at index; it must be a string already, so that no conversion allocates.
  std::string checked_text(int index) {
    std::size_t size = 0;
    const char* text = lua_tolstring(L_, index, &size);
    if (size > limits_.max_string_bytes)
      refuse("a string of " + std::to_string(size) + " bytes is over the limit of " +
             std::to_string(limits_.max_string_bytes));
    total_bytes_ += size;
    if (total_bytes_ > limits_.max_total_bytes)
      refuse("the value is over the limit of " + std::to_string(limits_.max_total_bytes) + " bytes in all");
    if (!is_utf8(text, size)) refuse("the string is not valid UTF-8");
    return std::string(text, size);
  }

  json read_string(int index) { return checked_text(index); }

  std::string describe_key(int index) const {
    if (lua_type(L_, index) == LUA_TNUMBER) {
      char number[64];
      std::snprintf(number, sizeof(number), "%.14g", static_cast<double>(lua_tonumber(L_, index)));
      return std::string("the number key ") + number;
    }
    return std::string("a ") + lua_typename(L_, lua_type(L_, index)) + " key";
  }

  json read_table(int index, std::size_t depth) {
    if (depth >= limits_.max_depth)
      refuse("tables nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    const void* identity = lua_topointer(L_, index);
    if (std::find(open_tables_.begin(), open_tables_.end(), identity) != open_tables_.end())
      refuse("a table that contains itself (a cycle) cannot be converted");
    if (!lua_checkstack(L_, 3)) refuse("tables nested too deeply");
    open_tables_.push_back(identity);

    std::size_t count = 0;
    lua_Integer highest = 0;
    bool named = false;
    bool positional = false;
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
      if (++count + entries_ > limits_.max_entries)
        refuse("the value has more than " + std::to_string(limits_.max_entries) + " entries");
      if (lua_type(L_, -2) == LUA_TSTRING) {
        named = true;
      } else if (lua_isinteger(L_, -2) && lua_tointeger(L_, -2) >= 1) {
        positional = true;
        highest = std::max(highest, lua_tointeger(L_, -2));
      } else {
        refuse("keys must be strings or positions 1..n, found " + describe_key(-2));
      }
      lua_pop(L_, 1);
    }
    entries_ += count;
    if (named && positional) refuse("a table cannot mix list items and named keys");
    if (positional && static_cast<std::size_t>(highest) != count)
      refuse("a list must have items at 1.." + std::to_string(count) + " without gaps");

    json result = named ? json::object() : json::array();
    if (named) {
      lua_pushnil(L_);
      while (lua_next(L_, index) != 0) {
        std::string key = checked_text(-2);
        enter_key(key.data(), key.size());
        result[key] = read(-1, depth + 1);
        leave();
        lua_pop(L_, 1);
      }
    } else {
      for (lua_Integer position = 1; position <= highest; ++position) {
        lua_rawgeti(L_, index, position);
        enter_position(position);
        result.push_back(read(-1, depth + 1));
        leave();
        lua_pop(L_, 1);
      }
    }
    open_tables_.pop_back();
    return result;
  }

  lua_State* L_;
  const LuaJsonLimits& limits_;
  std::vector<std::string> path_;
  std::vector<const void*> open_tables_;
  std::size_t total_bytes_ = 0;
  std::size_t entries_ = 0;
};

}  // namespace

void push_json(lua_State* L, const json& value, std::size_t max_depth) { push_value(L, value, 0, max_depth); }

void push_json_null(lua_State* L) { lua_pushlightuserdata(L, const_cast<char*>(&kJsonNullMarker)); }

Result<json> lua_to_json(lua_State* L, int index, const LuaJsonLimits& limits) {
  const int top = lua_gettop(L);
  index = lua_absindex(L, index);
  try {
    LuaReader reader(L, limits);
    auto value = reader.read(index, 0);
    lua_settop(L, top);
    return value;
  } catch (const Refusal& refusal) {
    lua_settop(L, top);
    return Error{ErrorCode::PluginFailure, refusal.message};
  } catch (const std::exception& e) {
    lua_settop(L, top);
    return Error{ErrorCode::PluginFailure, e.what()};
  }
}

}  // namespace kiln
