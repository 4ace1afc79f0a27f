#pragma once
// An app that starts with a script of its own at a conventional path.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

namespace kiln::generic {

struct StartScript {
  std::string path;   // start.sh, run.sh or bin/start
  std::string text;   // empty when the file is too large to read: most likely a program, not a script
  // Runs by itself (a "#!" line or a compiled program) once it is marked
  // executable; otherwise it is handed to /bin/sh.
  bool runs_directly = false;
  std::string shebang;  // the "#!" line without "#!", if any
};

// Where a start script may be, most conventional first.
inline const std::vector<std::string_view> kStartScriptPaths = {"start.sh", "run.sh", "bin/start"};

// The first of kStartScriptPaths that is a file.
std::optional<std::string> find_start_script(const sdk::SourceTree& tree);
std::optional<StartScript> read_start_script(const sdk::SourceTree& tree);

sdk::StartCommand start_command(const StartScript& script);

}  // namespace kiln::generic
