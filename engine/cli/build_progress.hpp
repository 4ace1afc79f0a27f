#pragma once
// Prints a build's events as they come: the step with a percentage, then the engine's output.
#include <kiln/sdk/runner.hpp>

namespace kiln::cli {

sdk::EventSink terminal_progress(const std::string& unit_name);

}  // namespace kiln::cli
