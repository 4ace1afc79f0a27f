#pragma once
// Procfile: "process: command" lines, as Heroku and Cloud Native Buildpacks read them.
#include <map>
#include <optional>
#include <string>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

// Process name -> command. Comments and malformed lines are ignored.
std::map<std::string, std::string> parse_procfile(const std::string& text);

// The command of the "web" process, else of the only process; nullopt if none.
std::optional<std::string> procfile_web_command(const sdk::SourceTree& tree);

}  // namespace kiln::support
