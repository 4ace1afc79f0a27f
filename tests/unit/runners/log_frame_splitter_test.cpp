#include "runners/log_frame_splitter.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace kiln {
namespace {

std::string frame(int stream, const std::string& payload) {
  std::string out{static_cast<char>(stream), 0, 0, 0};
  auto size = static_cast<std::uint32_t>(payload.size());
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>((size >> shift) & 0xff);
  return out + payload;
}

struct Collected {
  std::vector<std::pair<OutputStream, std::string>> parts;
  LogFrameSplitter::Sink sink() {
    return [this](OutputStream stream, std::string_view text) { parts.emplace_back(stream, std::string(text)); };
  }
};

TEST(LogFrameSplitter, PassesEachFrameToItsStream) {
  Collected got;
  LogFrameSplitter splitter(got.sink());
  splitter.feed(frame(1, "building\n") + frame(2, "warning\n") + frame(1, "done\n"));
  ASSERT_EQ(got.parts.size(), 3u);
  EXPECT_EQ(got.parts[0], std::make_pair(OutputStream::Stdout, std::string("building\n")));
  EXPECT_EQ(got.parts[1], std::make_pair(OutputStream::Stderr, std::string("warning\n")));
  EXPECT_EQ(got.parts[2], std::make_pair(OutputStream::Stdout, std::string("done\n")));
  EXPECT_EQ(splitter.pending_bytes(), 0u);
  EXPECT_FALSE(splitter.malformed());
}

TEST(LogFrameSplitter, ReassemblesFramesCutAnywhere) {
  // The socket may cut inside a header or a payload: one byte at a time is the worst case.
  const std::string payload(70000, 'x');  // a size that needs three header bytes
  const std::string stream = frame(2, "first\n") + frame(1, payload) + frame(1, "") + frame(2, "last");
  Collected got;
  LogFrameSplitter splitter(got.sink());
  for (char c : stream) splitter.feed(std::string_view(&c, 1));
  ASSERT_EQ(got.parts.size(), 3u);  // the empty frame gives nothing
  EXPECT_EQ(got.parts[0].second, "first\n");
  EXPECT_EQ(got.parts[1].second, payload);
  EXPECT_EQ(got.parts[2], std::make_pair(OutputStream::Stderr, std::string("last")));
  EXPECT_EQ(splitter.pending_bytes(), 0u);
}

TEST(LogFrameSplitter, HoldsBackAFrameCutShortAtTheEnd) {
  Collected got;
  LogFrameSplitter splitter(got.sink());
  splitter.feed(frame(1, "whole") + frame(1, "partial").substr(0, 10));
  ASSERT_EQ(got.parts.size(), 1u);
  EXPECT_EQ(splitter.pending_bytes(), 10u);
}

TEST(LogFrameSplitter, StopsAtTextThatIsNotFramed) {
  // An engine error body (JSON) or a TTY's plain text must not be printed as frames.
  Collected got;
  LogFrameSplitter splitter(got.sink());
  splitter.feed(frame(1, "ok\n") + "{\"message\":\"No such container\"}");
  splitter.feed(frame(1, "after\n"));
  ASSERT_EQ(got.parts.size(), 1u);
  EXPECT_EQ(got.parts[0].second, "ok\n");
  EXPECT_TRUE(splitter.malformed());
}

}  // namespace
}  // namespace kiln
