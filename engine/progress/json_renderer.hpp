#pragma once
// --progress json: one event a line, each a JSON object (sdk/schema/build-event.schema.json),
// written as it happens, for other tools to read.
#include <ostream>

#include "progress/progress_renderer.hpp"

namespace kiln::progress {

class JsonRenderer : public ProgressRenderer {
 public:
  explicit JsonRenderer(std::ostream& out) : out_(out) {}
  void on(const ProgressEvent& event) override;

 private:
  std::ostream& out_;
};

}  // namespace kiln::progress
