#include "progress/plain_renderer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "unit/progress/sample_build.hpp"

namespace kiln::progress {
namespace {

using namespace testing;

// Plain is what `kiln build` printed before there were modes: logs and scripts read it.
TEST(PlainRenderer, PrintsEveryLineAsKilnBuildAlwaysHas) {
  std::ostringstream out, err;
  PlainRenderer renderer(out, err);
  auto events = express_build_start();
  for (const auto& event : express_build_end()) events.push_back(event);
  events.insert(events.begin() + 3, {.kind = Kind::Warning, .at = milliseconds(30), .text = "a buildpack failed"});
  for (const auto& event : events) renderer.on(event);
  EXPECT_EQ(out.str(),
            "==> kiln.node (node / express) on docker 20.10.24 (unix:///var/run/docker.sock)\n"
            "==> app: sending build context to docker\n"
            "[  0%] app Step 1/4: FROM kiln/stack-node:bookworm\n"
            "     ---> 5bb3410a9ca4\n"
            "[ 25%] app Step 2/4: COPY [\"package.json\", \"package-lock.json\", \"./\"]\n"
            "     ---> Using cache\n"
            "     ---> 8b4e0f7a6c1d\n"
            "[ 50%] app Step 3/4: RUN [\"/bin/sh\", \"-c\", \"npm ci\"]\n"
            "     ---> Running in 5e0ad2f3b9a1\n"
            "    npm line 1\n    npm line 2\n    npm line 3\n    npm line 4\n"
            "    npm line 5\n    npm line 6\n    npm line 7\n    npm line 8\n"
            "    Removing intermediate container 5e0ad2f3b9a1\n"
            "[ 75%] app Step 4/4: CMD [\"npm\",\"start\"]\n"
            "==> built sha256:abcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890 (123.5 MB) in 2.5 s  app:latest\n");
  EXPECT_EQ(err.str(), "kiln: warning: a buildpack failed\n");
}

// Docker's classic builder colours a step's stderr ("\e[91m...\e[0m", the reset on the next line).
TEST(PlainRenderer, WritesOutputAsTextWithoutEscapeSequences) {
  std::ostringstream out, err;
  PlainRenderer renderer(out, err);
  renderer.on(output(10, 3, "\x1b[91mgiving up"));
  renderer.on(output(20, 3, "\x1b[0mcompiling part 2"));
  EXPECT_EQ(out.str(), "    giving up\n    compiling part 2\n");
}

TEST(PlainRenderer, MarksTheEnginesErrorAndLeavesTheFailureToStderr) {
  std::ostringstream out, err;
  PlainRenderer renderer(out, err);
  for (const auto& event : failing_build(1)) renderer.on(event);
  EXPECT_EQ(out.str(),
            "[  0%] app Step 1/4: FROM kiln/stack-node:bookworm\n"
            "[ 50%] app Step 3/4: RUN npm run build\n"
            "    build line 1\n"
            "!!! Step 3/4: RUN npm run build: The command '/bin/sh -c npm run build' returned a non-zero code: 3\n");
  EXPECT_TRUE(err.str().empty());
}

}  // namespace
}  // namespace kiln::progress
