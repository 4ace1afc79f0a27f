#include "progress/tty_renderer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "progress/progress_mode.hpp"
#include "progress/terminal_text.hpp"
#include "unit/progress/sample_build.hpp"
#include "unit/progress/terminal_screen.hpp"

namespace kiln::progress {
namespace {

using testing::TerminalScreen;
using namespace testing;

// A renderer writing into a fake terminal of `width` columns; `now` is the fake clock.
struct LiveView {
  explicit LiveView(std::size_t width, bool color = false)
      : screen(width), renderer(out, err, TtyOptions{.width = [width] { return width; }, .color = color}) {}

  void feed(const std::vector<ProgressEvent>& events) {
    for (const auto& event : events) renderer.on(event);
    sync();
  }
  void tick(int now) {
    renderer.tick(milliseconds(now));
    sync();
  }
  void sync() {
    screen.feed(out.str());
    written += out.str();
    out.str("");
  }

  std::ostringstream out, err;
  std::string written;
  TerminalScreen screen;
  TtyRenderer renderer;
};

bool shows(const std::vector<std::string>& rows, const std::string& text) {
  for (const auto& row : rows)
    if (row.find(text) != std::string::npos) return true;
  return false;
}

// On 60 columns: the plan, the note cut to the width, the first two steps, done.
const std::string kFinishedRows =
            "kiln.node  node / express (npm)\n"
            "  runtime kiln/stack-node:bookworm\n"
            "  install npm ci\n"
            "  build   -\n"
            "  start   npm start\n"
            "  port    3000\n"
            "kiln.node (node / express) on docker 20.10.24 (unix:///var…\n"
            " => [1/4] FROM kiln/stack-node:bookworm                0.1s\n"
            " => [2/4] COPY package.json package-lock.json ./     CACHED\n";

TEST(TtyRenderer, ShowsThePlanThenOneLinePerStepWithItsTimeAndTheImageLast) {
  LiveView view(60);
  view.feed(express_build_start());
  view.tick(2300);
  // While step 3 runs: its row with the time so far, and its last five lines of output under it.
  EXPECT_EQ(view.screen.text(),
            kFinishedRows +
            " => [3/4] RUN npm ci                                   2.0s\n"
            "    npm line 4\n"
            "    npm line 5\n"
            "    npm line 6\n"
            "    npm line 7\n"
            "    npm line 8\n");
  view.tick(2350);
  EXPECT_TRUE(shows(view.screen.rows(), " => [3/4] RUN npm ci                                   2.0s"));
  view.tick(3300);
  EXPECT_TRUE(shows(view.screen.rows(), " => [3/4] RUN npm ci                                   3.0s"));

  view.feed(express_build_end());
  // The step's output is folded when it ends; the engine's own lines never show; nor does a
  // step that only sets configuration (CMD), once done.
  EXPECT_EQ(view.screen.text(),
            kFinishedRows +
            " => [3/4] RUN npm ci                                   2.2s\n"
            " => built app:latest  abcdef123456  123.5 MB  in 2.5s\n");
  EXPECT_FALSE(view.screen.wrapped());
  EXPECT_EQ(view.written.find("Running in"), std::string::npos);
  EXPECT_EQ(view.written.find("Removing intermediate container"), std::string::npos);
  EXPECT_EQ(view.written.find("m => "), std::string::npos) << "no colour was asked for";
  EXPECT_EQ(view.written.find("\x1b[0m"), std::string::npos) << "no colour was asked for";
  // Once finished, a tick draws nothing.
  view.tick(5000);
  EXPECT_TRUE(view.out.str().empty());
}

TEST(TtyRenderer, ShowsAPushsProgressWhileItRunsOnly) {
  LiveView view(60);
  view.feed({note(10, "pushing 127.0.0.1:5000/app:1"), output(20, 0, "5f70bf18a086: Pushing 1.2MB/3MB"),
             output(30, 0, "5f70bf18a086: Pushed")});
  view.tick(200);
  EXPECT_EQ(view.screen.text(),
            "pushing 127.0.0.1:5000/app:1\n"
            "    5f70bf18a086: Pushing 1.2MB/3MB\n"
            "    5f70bf18a086: Pushed\n");
  view.feed({note(300, "pushed 127.0.0.1:5000/app:1@sha256:0123"), {.kind = Kind::Finished, .at = milliseconds(310)}});
  EXPECT_EQ(view.screen.text(), "pushing 127.0.0.1:5000/app:1\npushed 127.0.0.1:5000/app:1@sha256:0123\n");
}

TEST(TtyRenderer, AFailingStepShowsItsWholeOutputAndExitCode) {
  LiveView view(80);
  view.feed(failing_build(12));
  auto rows = view.screen.rows();
  ASSERT_GE(rows.size(), 16u);
  EXPECT_EQ(rows[0], " => [1/4] FROM kiln/stack-node:bookworm                                    0.1s");
  EXPECT_EQ(rows[1], " => ERROR [3/4] RUN npm run build                                          0.8s");
  for (int i = 1; i <= 12; ++i) EXPECT_EQ(rows[1 + i], "    build line " + std::to_string(i));
  EXPECT_EQ(rows[14], "    The command '/bin/sh -c npm run build' returned a non-zero code: 3");
  EXPECT_EQ(rows[15], "    exit code 3");
  EXPECT_EQ(rows[16], " => failed after 1.0s");
  EXPECT_EQ(rows.size(), 17u);
}

TEST(TtyRenderer, CutsEveryRowToANarrowTerminal) {
  for (std::size_t width : {12u, 20u, 33u}) {
    LiveView view(width);
    auto events = express_build_start();
    events.push_back(output(1200, 3, std::string(200, 'x')));
    view.feed(events);
    view.tick(1500);
    for (const auto& row : view.screen.rows()) EXPECT_LT(columns(row), width) << "'" << row << "'";
    view.feed(express_build_end());
    EXPECT_FALSE(view.screen.wrapped()) << width;
    for (const auto& row : view.screen.rows()) EXPECT_LT(columns(row), width) << "'" << row << "'";
    EXPECT_TRUE(shows(view.screen.rows(), "…")) << width;
  }
}

// The app's tools write escape sequences and carriage returns of their own (colours, progress
// bars, a window title); drawn as they are they would move the cursor under the live view.
TEST(TtyRenderer, DrawsOnlyPrintableTextOfABuildsOutput) {
  LiveView view(60);
  auto events = express_build_start();
  events.push_back(output(1200, 3, "\x1b]0;owned\x07\x1b[2J\x1b[31mred\x1b[0m and\tplain"));
  events.push_back(output(1210, 3, "progress  10%\rprogress 100%"));
  view.feed(events);
  view.tick(1300);
  EXPECT_TRUE(shows(view.screen.rows(), "    red and plain"));
  EXPECT_TRUE(shows(view.screen.rows(), "    progress 100%"));
  EXPECT_FALSE(shows(view.screen.rows(), "owned"));
}

// The exec forms kiln renders are shown as a person writes the instruction; anything else as it is.
TEST(TtyRenderer, ShowsInstructionsAsAPersonWritesThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"RUN [\"/bin/sh\", \"-c\", \"npm ci && npm run build\"]", "RUN npm ci && npm run build"},
      {"COPY --from=build [\"/app\", \"/app\"]", "COPY --from=build /app /app"},
      {"COPY [\"my file\", \"./\"]", "COPY [\"my file\", \"./\"]"},
      {"RUN echo [\"a\"]", "RUN echo [\"a\"]"},
      {"RUN [\"npm\", 3]", "RUN [\"npm\", 3]"},
      {"WORKDIR /app", "WORKDIR /app"},
  };
  for (const auto& [instruction, shown] : cases) {
    LiveView view(80);
    view.feed({step(100, 2, instruction)});
    EXPECT_TRUE(shows(view.screen.rows(), " => [2/4] " + shown + " ")) << view.screen.text();
  }
}

TEST(TtyRenderer, SaysItIsCancellingAndEndsTheStepAsCanceled) {
  LiveView view(60);
  view.feed({step(100, 1, "FROM kiln/stack-node:bookworm"), step(200, 3, "RUN sleep 600")});
  view.renderer.cancelling(milliseconds(1500));
  view.sync();
  view.screen.feed("^C");  // the terminal echoes the key where the cursor is
  view.tick(1600);
  EXPECT_EQ(view.screen.text(),
            " => [1/4] FROM kiln/stack-node:bookworm                0.1s\n"
            " => [3/4] RUN sleep 600                                1.4s\n"
            "cancelling... (press Ctrl-C again to quit at once)\n");
  PipelineFailure failure{PipelineStage::Build, Error{ErrorCode::Cancelled, "cancelled while building app"}, 3, std::nullopt};
  view.feed({{.kind = Kind::Finished, .at = milliseconds(2000), .failure = failure}});
  EXPECT_EQ(view.screen.text(),
            " => [1/4] FROM kiln/stack-node:bookworm                0.1s\n"
            " => CANCELED [3/4] RUN sleep 600                       1.8s\n"
            " => cancelled after 2.0s\n");
}

TEST(TtyRenderer, ColoursRowsUnlessNoColorIsSet) {
  LiveView coloured(60, true);
  coloured.feed(express_build_start());
  EXPECT_NE(coloured.written.find("\x1b[34m => [1/4]"), std::string::npos);

  std::ostringstream out, err;
  Terminal terminal{.stdout_is_terminal = true, .dumb = false, .no_color = true};
  auto renderer = make_renderer(ProgressMode::Tty, terminal, out, err);
  for (const auto& event : express_build_start()) renderer->on(event);
  EXPECT_NE(out.str().find(" => [1/4]"), std::string::npos);
  EXPECT_EQ(out.str().find("m => "), std::string::npos) << "NO_COLOR: no colour codes";
  for (std::size_t at = 0; (at = out.str().find("\x1b[", at)) != std::string::npos; ++at)
    EXPECT_EQ(out.str().find_first_of("AKJ", at + 2), out.str().find_first_not_of("0123456789", at + 2)) << "only cursor movement";
}

TEST(TtyRenderer, WritesWarningsToStderrAndDrawsTheRunningStepAgainUnderThem) {
  LiveView view(60);
  view.feed({step(100, 3, "RUN npm ci"), output(150, 3, "installing")});
  view.feed({{.kind = Kind::Warning, .at = milliseconds(200), .text = "the CA bundle does not apply"}});
  EXPECT_EQ(view.err.str(), "warning: the CA bundle does not apply\n");
  EXPECT_EQ(view.screen.text(),
            " => [3/4] RUN npm ci                                   0.1s\n"
            "    installing\n");
}

}  // namespace
}  // namespace kiln::progress
