#pragma once
// Procfile: "process: command" lines, as Heroku and Cloud Native Buildpacks
// read them. Header-only, for native buildpacks and the Lua host alike.
#include <cctype>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "kiln/sdk/source.hpp"

namespace kiln::sdk {

// Process name -> command. Comments and malformed lines are ignored.
inline std::map<std::string, std::string> parse_procfile(std::string_view text) {
  auto trim = [](std::string s) {
    const char* ws = " \t\r";
    s.erase(0, s.find_first_not_of(ws));
    s.erase(s.find_last_not_of(ws) + 1);
    return s;
  };
  std::map<std::string, std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) continue;
    auto name = trim(line.substr(0, colon));
    auto command = trim(line.substr(colon + 1));
    bool valid_name = !name.empty();
    for (char c : name) valid_name = valid_name && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
    if (valid_name && !command.empty()) out.emplace(name, command);
  }
  return out;
}

// The process an app starts as: "web", else the only one. A lone "worker"
// or "bot" process is no HTTP server, so callers can leave the port unset.
struct ProcfileProcess {
  std::string name;
  std::string command;
  bool web() const { return name == "web"; }
};

inline std::optional<ProcfileProcess> procfile_start_process(std::string_view text) {
  auto processes = parse_procfile(text);
  if (auto it = processes.find("web"); it != processes.end()) return ProcfileProcess{it->first, it->second};
  if (processes.size() == 1) return ProcfileProcess{processes.begin()->first, processes.begin()->second};
  return std::nullopt;
}

inline std::optional<ProcfileProcess> procfile_start_process(const SourceTree& tree) {
  auto text = tree.read("Procfile");
  if (!text) return std::nullopt;
  return procfile_start_process(*text);
}

// The command of the "web" process, else of the only process; nullopt if none.
inline std::optional<std::string> procfile_web_command(std::string_view text) {
  if (auto process = procfile_start_process(text)) return process->command;
  return std::nullopt;
}

inline std::optional<std::string> procfile_web_command(const SourceTree& tree) {
  if (auto process = procfile_start_process(tree)) return process->command;
  return std::nullopt;
}

}  // namespace kiln::sdk
