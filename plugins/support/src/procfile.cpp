#include "kiln/support/procfile.hpp"

#include <sstream>

namespace kiln::support {
namespace {
std::string trim(std::string s) {
  const char* ws = " \t\r";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}
}  // namespace

std::map<std::string, std::string> parse_procfile(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
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

std::optional<std::string> procfile_web_command(const sdk::SourceTree& tree) {
  auto text = tree.read("Procfile");
  if (!text) return std::nullopt;
  auto processes = parse_procfile(*text);
  if (auto it = processes.find("web"); it != processes.end()) return it->second;
  if (processes.size() == 1) return processes.begin()->second;
  return std::nullopt;
}

}  // namespace kiln::support
