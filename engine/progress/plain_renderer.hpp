#pragma once
// --progress plain: every line as it comes, the engine's included, for logs and CI. What
// `kiln build` has always printed: "==> " for what kiln does, "[ 25%] unit Step 3/12: ..." for a
// step, the engine's output indented (as text: without the escape sequences that colour it),
// "!!! " for an error, warnings on stderr.
#include <ostream>

#include "progress/progress_renderer.hpp"

namespace kiln::progress {

class PlainRenderer : public ProgressRenderer {
 public:
  PlainRenderer(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}
  void on(const ProgressEvent& event) override;

 private:
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace kiln::progress
