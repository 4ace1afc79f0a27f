#include "progress/plan_summary.hpp"

#include <gtest/gtest.h>

namespace kiln::progress {
namespace {

TEST(PlanSummary, NamesTheRuntimeAndTheCommandsOfEachPhase) {
  sdk::BuildPlan plan;
  plan.buildpack = "kiln.node";
  plan.language = "node";
  plan.framework = "next";
  plan.phases = {{"install", {"package.json"}, {"npm ci"}, {}}, {"build", {}, {"npm run build", "npm prune --omit=dev"}, {}}};
  plan.start.argv = {"node", "server.js"};
  plan.port = 3000;
  auto summary = summarize_plan(plan, "kiln/stack-node:bookworm");
  EXPECT_EQ(summary.runtime, "kiln/stack-node:bookworm");
  EXPECT_EQ(summary.install, std::vector<std::string>({"npm ci"}));
  EXPECT_EQ(summary.build, std::vector<std::string>({"npm run build", "npm prune --omit=dev"}));
  EXPECT_EQ(summary.start, "node server.js");
  EXPECT_EQ(summary.port, 3000);
  EXPECT_FALSE(summary.dockerfile);
}

TEST(PlanSummary, QuotesTheWordsOfAStartArgvThatNeedIt) {
  EXPECT_EQ(start_command_line({{"python", "-c", "print('hi there')"}, ""}), "python -c \"print('hi there')\"");
  EXPECT_EQ(start_command_line({{"sh", "-c", "echo \"$PORT\""}, ""}), "sh -c \"echo \\\"\\$PORT\\\"\"");
  EXPECT_EQ(start_command_line({{"run", ""}, ""}), "run \"\"");
  EXPECT_EQ(start_command_line({{}, "npm start"}), "npm start");
  EXPECT_EQ(start_command_line({}), "");
}

}  // namespace
}  // namespace kiln::progress
