#include "progress/terminal_text.hpp"

#include <gtest/gtest.h>

#include "progress/progress_text.hpp"

namespace kiln::progress {
namespace {

TEST(TerminalText, KeepsWhatATerminalWouldShowInOneRow) {
  EXPECT_EQ(printable("plain"), "plain");
  EXPECT_EQ(printable("\x1b[1;32mgreen\x1b[0m"), "green");
  EXPECT_EQ(printable("\x1b]0;title\x07" "after"), "after");
  EXPECT_EQ(printable("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"), "link");
  EXPECT_EQ(printable("10%\r50%\r100%"), "100%");
  EXPECT_EQ(printable("done\r\r"), "done");
  EXPECT_EQ(printable("a\tb"), "a       b");
  EXPECT_EQ(printable("bell\x07 and \x7f del"), "bell and  del");
  EXPECT_EQ(printable("bad \xff utf-8 \xc3"), "bad ? utf-8 ?");
  EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x9c\x94"), "caf\xc3\xa9 \xe2\x9c\x94");
  EXPECT_EQ(printable("c1 \xc2\x9b" "31m"), "c1 31m");  // the one-byte CSI is a control, dropped
  EXPECT_EQ(printable("\x1b[u" "after"), "after");  // ESC [ u: a whole sequence (restore the cursor)
  EXPECT_EQ(printable("cut \x1b[12"), "cut ");
}

TEST(TerminalText, CountsColumnsAndCutsToAWidth) {
  EXPECT_EQ(columns("abc"), 3u);
  EXPECT_EQ(columns("caf\xc3\xa9"), 4u);
  EXPECT_EQ(columns("\xe6\x97\xa5\xe6\x9c\xac"), 4u);  // two wide characters
  EXPECT_EQ(fit("short", 10), "short");
  EXPECT_EQ(fit("exactly10!", 10), "exactly10!");
  EXPECT_EQ(fit("longer than ten", 10), "longer th\u2026");
  EXPECT_EQ(columns(fit("longer than ten", 10)), 10u);
  EXPECT_EQ(fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4), "\xe6\x97\xa5\u2026");  // a wide one does not fit half
  EXPECT_EQ(fit("anything", 0), "");
}

TEST(ProgressText, WritesTimesAndSizes) {
  using std::chrono::milliseconds;
  EXPECT_EQ(seconds_text(milliseconds(0)), "0.0s");
  EXPECT_EQ(seconds_text(milliseconds(1290)), "1.2s");
  EXPECT_EQ(seconds_text(milliseconds(59'999)), "59.9s");
  EXPECT_EQ(seconds_text(milliseconds(125'000)), "2m05s");
  EXPECT_EQ(seconds_text(milliseconds(-5)), "0.0s");
  EXPECT_EQ(size_text(308'000'000), "308.0 MB");
}

}  // namespace
}  // namespace kiln::progress
