#pragma once
// The plan in the few lines a person reads before a build: which buildpack, which runtime,
// how it installs, builds and starts.
#include <kiln/sdk/plan.hpp>

#include "progress/progress_event.hpp"

namespace kiln::progress {

// `run_image` is the plan's run image as the build will use it (the stack table's answer).
PlanSummary summarize_plan(const sdk::BuildPlan& plan, const std::string& run_image);

// A start command as one line: an argv with the words that need it quoted, or the shell line.
std::string start_command_line(const sdk::StartCommand& start);

}  // namespace kiln::progress
