#include "authoring/text_diff.hpp"

#include <gtest/gtest.h>

namespace kiln {
namespace {

TEST(LineDiff, EqualTextsHaveNoDiff) { EXPECT_EQ(line_diff("a\nb\n", "a\nb\n"), ""); }

TEST(LineDiff, ShowsChangedLinesWithContext) {
  std::string expected = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string actual = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
  EXPECT_EQ(line_diff(expected, actual), "  3\n  4\n- 5\n+ FIVE\n  6\n  7\n");
}

TEST(LineDiff, SeparatesDistantHunks) {
  std::string expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
  std::string actual = "A\nb\nc\nd\ne\nf\ng\nh\ni\nJ\n";
  EXPECT_EQ(line_diff(expected, actual), "- a\n+ A\n  b\n  c\n@@\n  h\n  i\n- j\n+ J\n");
}

}  // namespace
}  // namespace kiln
