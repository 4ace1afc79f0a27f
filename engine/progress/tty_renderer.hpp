#pragma once
// --progress tty: what buildx and Railpack users know. The plan first, then one line per step
// with its time; the running step's last few output lines shown under it and folded away when it
// ends; a failing step's whole output with its exit code; the image, its size and the time last.
//
// The rows below the last finished line are the live part: each redraw moves the cursor up over
// them and writes them again, so every row is cut to the terminal's width (a row that wrapped
// would throw the count off) and build output is made printable first (its own escape sequences
// and carriage returns would move the cursor too).
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "progress/progress_renderer.hpp"

namespace kiln::progress {

struct TtyOptions {
  std::function<std::size_t()> width;  // the terminal's columns, asked at every redraw
  bool color = true;                   // false under NO_COLOR
  std::size_t tail_lines = 5;          // output lines shown under the running step
  std::size_t kept_lines = 10000;      // output lines kept per step, for a failing step's log
  std::chrono::milliseconds redraw_every{100};  // output lines redraw at most this often
};

class TtyRenderer : public ProgressRenderer {
 public:
  TtyRenderer(std::ostream& out, std::ostream& err, TtyOptions options);
  void on(const ProgressEvent& event) override;
  void tick(std::chrono::milliseconds now) override;
  void cancelling(std::chrono::milliseconds now) override;

 private:
  struct Step {
    std::string unit;
    std::size_t units = 1;
    int number = 0, steps = 0;
    std::string title;       // as the engine named it: "Step 3/12: RUN npm ci"
    std::chrono::milliseconds started{0};
    bool cached = false;
    std::deque<std::string> output;  // printable lines of the step's own output
    std::size_t dropped = 0;         // earlier lines not kept
    std::optional<std::string> error;
  };

  void on_locked(const ProgressEvent& event);
  void add_output(std::string line);
  void close_step(std::chrono::milliseconds at);
  void print_summary(const PlanSummary& plan);
  void print_failure(const ProgressEvent& finished);
  // Writes finished lines above the live rows (cutting them to the width unless `whole`).
  void print(const std::string& text, const char* color = nullptr, bool whole = false);
  void clear_live();
  void redraw(std::chrono::milliseconds now);
  std::vector<std::string> live_rows(std::chrono::milliseconds now) const;
  std::string step_row(const Step& step, const std::string& lead, const std::string& right) const;
  std::string paint(const std::string& text, const char* color) const;
  std::size_t width() const;

  std::mutex mutex_;
  std::ostream& out_;
  std::ostream& err_;
  TtyOptions options_;
  std::optional<Step> step_;
  std::deque<std::string> loose_;  // output that belongs to no step (a push, the engine's words)
  std::size_t live_ = 0;           // rows drawn below the finished lines
  bool cancelling_ = false;
  bool finished_ = false;
  bool dirty_ = false;
  std::chrono::milliseconds drawn_at_{0};
};

}  // namespace kiln::progress
