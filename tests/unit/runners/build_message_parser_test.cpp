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

// Raw lines from Podman 4.3's compat /build (a multi-stage build, then a failing RUN).
TEST(BuildMessageParser, ReadsPodmanStagesImageAndFailure) {
  std::vector<sdk::BuildEvent> events;
  BuildMessageParser parser([&](const sdk::BuildEvent& e) { events.push_back(e); });
  for (const char* line : {
           R"j({"stream":"[1/2] STEP 1/4: FROM kiln/stack-python:bookworm AS base\n"})j",
           R"j({"stream":"[1/2] STEP 2/4: WORKDIR /srv\n"})j",
           R"j({"stream":"--\u003e 9eaf44bd0b3\n"})j",
           R"j({"stream":"[2/2] STEP 1/4: FROM 91dbc9305cfdc879bd3b67e8243cd2e28643681b4358c5085a81f9a3b409a7e1 AS test\n"})j",
           R"j({"stream":"[2/2] STEP 3/4: RUN python3 -m unittest discover -s tests -v\n"})j",
           R"j({"stream":"test_default_name (test_messages.GreetingTest.test_default_name)"})j",
           R"j({"stream":" ... "})j",
           R"j({"stream":"ok"})j",
           R"j({"stream":"\n"})j",
           R"j({"stream":"[2/2] COMMIT docker.io/kiln-podman/ms:test\n"})j",
           R"j({"stream":"--\u003e e138933f3fd\n"})j",
           R"j({"stream":"Successfully tagged docker.io/kiln-podman/ms:test\n"})j",
           R"j({"stream":"e138933f3fdd3702fdb4663f48bb3663a1cbe9be8c871859d6757d13304f6f9e\n"})j",
           R"j({"aux":{"ID":"sha256:e138933f3fdd3702fdb4663f48bb3663a1cbe9be8c871859d6757d13304f6f9e"}})j",
           R"j({"stream":"Successfully built e138933f3fdd\n"})j",
           R"j({"stream":"Successfully tagged kiln-podman/ms:test\n"})j",
       })
    parser.feed_line(line);
  EXPECT_EQ(parser.image_id(), "sha256:e138933f3fdd3702fdb4663f48bb3663a1cbe9be8c871859d6757d13304f6f9e");
  EXPECT_FALSE(parser.error());
  std::vector<sdk::BuildEvent> steps;
  for (const auto& e : events)
    if (e.kind == Kind::Step) steps.push_back(e);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].message, "[1/2] Step 1/4: FROM kiln/stack-python:bookworm AS base");
  EXPECT_EQ(steps[0].percent, 0);
  EXPECT_EQ(steps[3].message, "[2/2] Step 3/4: RUN python3 -m unittest discover -s tests -v");
  EXPECT_EQ(steps[3].step, 7);  // stage 2 of 2, step 3 of 4: the 7th of about 8
  EXPECT_EQ(steps[3].steps, 8);
  for (std::size_t i = 1; i < steps.size(); ++i) EXPECT_GT(steps[i].percent, steps[i - 1].percent);
  bool joined = false;
  for (const auto& e : events) joined |= e.message == "test_default_name (test_messages.GreetingTest.test_default_name) ... ok";
  EXPECT_TRUE(joined);

  BuildMessageParser failing(nullptr);
  failing.feed_line(R"j({"stream":"STEP 2/3: RUN echo before-fail \u0026\u0026 sh -c \"exit 3\"\n"})j");
  failing.feed_line(R"j({"stream":"before-fail\n"})j");
  failing.feed_line(
      R"j({"errorDetail":{"message":"building at STEP \"RUN echo before-fail \u0026\u0026 sh -c \"exit 3\"\": while running runtime: exit status 3\n"},"error":"building at STEP \"RUN echo before-fail \u0026\u0026 sh -c \"exit 3\"\": while running runtime: exit status 3\n"})j");
  ASSERT_TRUE(failing.error());
  EXPECT_EQ(*failing.error(),
            "Step 2/3: RUN echo before-fail && sh -c \"exit 3\": building at STEP \"RUN echo before-fail && sh -c "
            "\"exit 3\"\": while running runtime: exit status 3");
  EXPECT_EQ(failing.exit_code(), 3);
  EXPECT_TRUE(failing.image_id().empty());
}

// What Docker's classic builder writes around a step's own output is marked as the engine's, so a
// terminal can fold it away; the step's output, even when it looks like the engine's, is not.
TEST(BuildMessageParser, MarksTheEnginesOwnLines) {
  std::vector<sdk::BuildEvent> logs;
  BuildMessageParser parser([&](const sdk::BuildEvent& e) {
    if (e.kind == Kind::Log) logs.push_back(e);
  });
  for (const char* line : {
           R"({"stream":"Step 2/3 : COPY package.json ./\n"})",
           R"({"stream":" ---\u003e Using cache\n"})",
           R"({"stream":" ---\u003e 8b4e0f7a6c1d\n"})",
           R"({"stream":"Step 3/3 : RUN npm ci\n"})",
           R"({"stream":" ---\u003e Running in 5e0ad2f3b9a1\n"})",
           R"({"stream":"added 64 packages in 2s\n"})",
           R"({"stream":"COMMITTED to the plan --> next\n"})",
           R"({"stream":"\u001b[0mRemoving intermediate container 5e0ad2f3b9a1\n"})",
           R"({"stream":"Successfully built 8b4e0f7a6c1d\n"})",
           R"({"stream":"Successfully tagged app:latest\n"})",
           R"j({"stream":"[2/2] COMMIT docker.io/kiln-podman/ms:test\n"})j",
       })
    parser.feed_line(line);
  ASSERT_EQ(logs.size(), 9u);
  EXPECT_TRUE(logs[0].from_engine);
  EXPECT_TRUE(logs[0].cached);
  EXPECT_EQ(logs[0].step, 2);
  EXPECT_TRUE(logs[1].from_engine);
  EXPECT_FALSE(logs[1].cached);
  EXPECT_TRUE(logs[2].from_engine);
  EXPECT_EQ(logs[3].message, "added 64 packages in 2s");
  EXPECT_FALSE(logs[3].from_engine);
  EXPECT_FALSE(logs[4].from_engine) << logs[4].message;
  for (std::size_t i = 5; i < logs.size(); ++i) EXPECT_TRUE(logs[i].from_engine) << logs[i].message;
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
