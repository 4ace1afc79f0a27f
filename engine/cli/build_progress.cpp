#include "cli/build_progress.hpp"

#include <cstdio>
#include <iostream>

namespace kiln::cli {

sdk::EventSink terminal_progress(const std::string& unit_name) {
  return [unit_name](const sdk::BuildEvent& event) {
    using Kind = sdk::BuildEvent::Kind;
    switch (event.kind) {
      case Kind::Step: {
        char percent[16];
        std::snprintf(percent, sizeof percent, "[%3.0f%%]", event.percent);
        std::cout << percent << " " << unit_name << " " << event.message << std::endl;
        break;
      }
      case Kind::Stage:
        std::cout << "==> " << unit_name << ": " << event.message << std::endl;
        break;
      case Kind::Log:
        std::cout << "    " << event.message << "\n";
        break;
      case Kind::Error:
        std::cout << "!!! " << event.message << std::endl;
        break;
      case Kind::Progress:
      case Kind::Done:
        break;
    }
  };
}

}  // namespace kiln::cli
