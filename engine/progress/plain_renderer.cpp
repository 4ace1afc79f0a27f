#include "progress/plain_renderer.hpp"

#include <cstdio>

#include "progress/progress_text.hpp"
#include "progress/terminal_text.hpp"

namespace kiln::progress {

void PlainRenderer::on(const ProgressEvent& event) {
  using Kind = ProgressEvent::Kind;
  switch (event.kind) {
    case Kind::Note:
      out_ << "==> " << (event.unit.empty() ? "" : event.unit + ": ") << event.text << std::endl;
      break;
    case Kind::Warning:
      err_ << "kiln: warning: " << event.text << "\n";
      break;
    case Kind::Step: {
      char percent[16];
      std::snprintf(percent, sizeof percent, "[%3.0f%%]", event.percent);
      out_ << percent << " " << event.unit << " " << event.text << std::endl;
      break;
    }
    case Kind::Log:  // as text: the engine colours a step's stderr, and a log file is no terminal
      out_ << "    " << printable(event.text) << "\n";
      break;
    case Kind::Error:
      out_ << "!!! " << event.text << std::endl;
      break;
    case Kind::Built: {
      const auto& image = *event.image;
      out_ << "==> built " << image.image_id << " (" << size_text(image.size_bytes) << ") in "
           << image.duration.count() / 1000.0 << " s";
      for (const auto& tag : image.tags) out_ << "  " << tag;
      out_ << std::endl;
      break;
    }
    case Kind::Plan:      // the note that names the buildpack says enough in a log
    case Kind::Pushed:    // so does the "pushed" note
    case Kind::Finished:  // the error goes to stderr, as every command's does
      break;
  }
}

}  // namespace kiln::progress
