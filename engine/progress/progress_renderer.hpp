#pragma once
// Draws a build's progress events: plain text for logs, a live view for a terminal, JSON lines
// for other tools. One renderer per build; `on` is called in event order, from one thread at a
// time (the tty renderer takes its own lock, since its clock ticks on another thread).
#include <chrono>

#include "progress/progress_event.hpp"

namespace kiln::progress {

class ProgressRenderer {
 public:
  virtual ~ProgressRenderer() = default;
  virtual void on(const ProgressEvent& event) = 0;
  // Time passes with no event: a live view redraws its running step's clock. `now` counts from
  // the same start as the events' `at`.
  virtual void tick(std::chrono::milliseconds now) {}
  // Ctrl-C was pressed; the build is being stopped on the engine.
  virtual void cancelling(std::chrono::milliseconds now) {}
};

}  // namespace kiln::progress
