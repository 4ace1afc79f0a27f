#include "progress/progress_mode.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "progress/json_renderer.hpp"
#include "progress/plain_renderer.hpp"
#include "progress/tty_renderer.hpp"

namespace kiln::progress {
namespace {

TEST(ProgressMode, AutoIsALiveViewOnlyOnATerminalThatCanDrawOne) {
  const Terminal terminal{.stdout_is_terminal = true, .dumb = false, .no_color = false};
  const Terminal pipe{.stdout_is_terminal = false, .dumb = false, .no_color = false};
  const Terminal dumb{.stdout_is_terminal = true, .dumb = true, .no_color = false};
  EXPECT_EQ(resolve(ProgressMode::Auto, terminal), ProgressMode::Tty);
  EXPECT_EQ(resolve(ProgressMode::Auto, pipe), ProgressMode::Plain);
  EXPECT_EQ(resolve(ProgressMode::Auto, dumb), ProgressMode::Plain);
  EXPECT_EQ(resolve(ProgressMode::Tty, pipe), ProgressMode::Plain) << "a live view in a file is garbage";
  EXPECT_EQ(resolve(ProgressMode::Plain, terminal), ProgressMode::Plain);
  EXPECT_EQ(resolve(ProgressMode::Json, terminal), ProgressMode::Json);
  EXPECT_EQ(resolve(ProgressMode::Json, pipe), ProgressMode::Json);
}

TEST(ProgressMode, ParsesTheFlagsNamesOnly) {
  EXPECT_EQ(parse_progress_mode("auto"), ProgressMode::Auto);
  EXPECT_EQ(parse_progress_mode("plain"), ProgressMode::Plain);
  EXPECT_EQ(parse_progress_mode("tty"), ProgressMode::Tty);
  EXPECT_EQ(parse_progress_mode("json"), ProgressMode::Json);
  EXPECT_EQ(parse_progress_mode("TTY"), std::nullopt);
  EXPECT_EQ(parse_progress_mode(""), std::nullopt);
}

TEST(ProgressMode, MakesTheRendererOfEachMode) {
  std::ostringstream out, err;
  const Terminal terminal{.stdout_is_terminal = true, .dumb = false, .no_color = false};
  EXPECT_NE(dynamic_cast<TtyRenderer*>(make_renderer(ProgressMode::Tty, terminal, out, err).get()), nullptr);
  EXPECT_NE(dynamic_cast<PlainRenderer*>(make_renderer(ProgressMode::Plain, terminal, out, err).get()), nullptr);
  EXPECT_NE(dynamic_cast<JsonRenderer*>(make_renderer(ProgressMode::Json, terminal, out, err).get()), nullptr);
}

}  // namespace
}  // namespace kiln::progress
