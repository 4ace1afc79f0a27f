#include "core/error_code.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

namespace kiln {
namespace {

TEST(ErrorCode, EveryCodeHasAUniqueNameAStatusAndAMeaning) {
  std::set<std::string_view> names;
  for (auto code : all_error_codes()) {
    EXPECT_TRUE(names.insert(to_string(code)).second) << to_string(code) << " is named twice";
    EXPECT_GE(http_status(code), 400) << code;
    EXPECT_LE(http_status(code), 599) << code;
    EXPECT_FALSE(meaning(code).empty()) << code;
    EXPECT_EQ(meaning(code).find('\n'), std::string_view::npos) << code << ": the meaning is one line";
  }
  EXPECT_GE(names.size(), 30u);
}

TEST(ErrorCode, ANameReadsBackAsItsCode) {
  for (auto code : all_error_codes()) EXPECT_EQ(parse_error_code(to_string(code)), code) << code;
}

TEST(ErrorCode, AnOldNameReadsAsTheCodeItBecame) {
  EXPECT_EQ(parse_error_code("storage_error"), ErrorCode::StorageFailed);
  EXPECT_EQ(parse_error_code("engine_unreachable"), ErrorCode::EngineUnavailable);
  EXPECT_EQ(parse_error_code("no_match"), ErrorCode::NoBuildpack);
  EXPECT_EQ(parse_error_code("lua_error"), ErrorCode::PluginFailure);
  EXPECT_EQ(parse_error_code("invalid_argument"), ErrorCode::InvalidRequest);
}

TEST(ErrorCode, UnknownTextIsNoCodeAndFallsBack) {
  EXPECT_EQ(parse_error_code(""), std::nullopt);
  EXPECT_EQ(parse_error_code("Not_Found"), std::nullopt);
  EXPECT_EQ(parse_error_code("not_found "), std::nullopt);
  EXPECT_EQ(parse_error_code(std::string(1000, 'x')), std::nullopt);
  EXPECT_EQ(error_code_or("from a newer worker", ErrorCode::PluginFailure), ErrorCode::PluginFailure);
  EXPECT_EQ(error_code_or("not_found", ErrorCode::PluginFailure), ErrorCode::NotFound);
}

TEST(ErrorCode, PrintsAsItsName) {
  std::ostringstream out;
  out << ErrorCode::QueueFull;
  EXPECT_EQ(out.str(), "queue_full");
  EXPECT_EQ(http_status(ErrorCode::QueueFull), 429);
  EXPECT_EQ(reach(ErrorCode::ServerRestart), ErrorReach::Failure);
}

}  // namespace
}  // namespace kiln
