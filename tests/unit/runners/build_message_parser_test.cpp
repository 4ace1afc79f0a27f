#include "runners/build_message_parser.hpp"

#include <gtest/gtest.h>

namespace kiln {
namespace {

using Kind = sdk::BuildEvent::Kind;

TEST(BuildMessageParser, TurnsTheEngineStreamIntoStepsLogsAndAnImage) {
  std::vector<sdk::BuildEvent> events;
  BuildMessageParser parser([&](const sdk::BuildEvent& e) { events.push_back(e); });
  parser.feed_line(R"({"stream":"Step 1/4 : FROM kiln/stack-node:bookworm"})");
  parser.feed_line(R"({"stream":"\n"})");
  parser.feed_line(R"({"stream":" ---\u003e 5bb3410a9ca4\n"})");
  parser.feed_line(R"({"stream":"Step 3/4 : RUN [\"/bin/sh\",\"-c\",\"npm ci\"]\n"})");
  parser.feed_line(R"({"stream":"added 64 packages"})");
  parser.feed_line(R"({"stream":" in 2s\n"})");
  parser.feed_line(R"({"aux":{"ID":"sha256:abc123"}})");
  parser.feed_line(R"({"stream":"Successfully built abc123\n"})");

  EXPECT_EQ(parser.image_id(), "sha256:abc123");
  EXPECT_FALSE(parser.error());
  ASSERT_GE(events.size(), 4u);
  EXPECT_EQ(events[0].kind, Kind::Step);
  EXPECT_EQ(events[0].message, "Step 1/4: FROM kiln/stack-node:bookworm");
  EXPECT_EQ(events[0].percent, 0);
  EXPECT_EQ(events[1].kind, Kind::Log);
  EXPECT_EQ(events[2].kind, Kind::Step);
  EXPECT_EQ(events[2].step, 3);
  EXPECT_EQ(events[2].steps, 4);
  EXPECT_DOUBLE_EQ(events[2].percent, 50);
  EXPECT_EQ(events[3].message, "added 64 packages in 2s");  // split stream chunks joined into one line
}

TEST(BuildMessageParser, ReportsTheFailingStepAndExitCode) {
  BuildMessageParser parser(nullptr);
  parser.feed_line(R"({"stream":"Step 5/8 : RUN [\"/bin/sh\",\"-c\",\"npm run build\"]\n"})");
  parser.feed_line(
      R"({"errorDetail":{"code":2,"message":"The command '/bin/sh -c npm run build' returned a non-zero code: 2"},"error":"The command '/bin/sh -c npm run build' returned a non-zero code: 2"})");
  ASSERT_TRUE(parser.error());
  EXPECT_NE(parser.error()->find("Step 5/8"), std::string::npos) << *parser.error();
  EXPECT_NE(parser.error()->find("non-zero code: 2"), std::string::npos);
  EXPECT_EQ(parser.exit_code(), 2);
  EXPECT_TRUE(parser.image_id().empty());
}

TEST(BuildMessageParser, ReadsTheExitCodeFromTheMessageWhenNoCodeIsGiven) {
  BuildMessageParser parser(nullptr);
  parser.feed_line(R"({"error":"The command '/bin/sh -c false' returned a non-zero code: 1"})");
  EXPECT_EQ(parser.exit_code(), 1);
}

TEST(BuildMessageParser, SurvivesGarbage) {
  std::vector<sdk::BuildEvent> events;
  BuildMessageParser parser([&](const sdk::BuildEvent& e) { events.push_back(e); });
  parser.feed_line("not json at all");
  parser.feed_line(R"({"stream": 42})");
  parser.feed_line(R"({"aux": "x"})");
  parser.feed_line(R"([1,2,3])");
  EXPECT_FALSE(parser.error());
  EXPECT_TRUE(parser.image_id().empty());
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].message, "not json at all");
}

}  // namespace
}  // namespace kiln
