#include "progress/json_renderer.hpp"

#include "progress/progress_event_json.hpp"

namespace kiln::progress {

void JsonRenderer::on(const ProgressEvent& event) {
  // Invalid UTF-8 from a build's output becomes U+FFFD instead of stopping the build.
  out_ << event_json(event).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

}  // namespace kiln::progress
