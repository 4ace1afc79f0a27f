#include "start_script.hpp"


namespace kiln::generic {
namespace {

constexpr std::size_t kMaxScriptBytes = 64 * 1024;

}  // namespace

std::optional<std::string> find_start_script(const sdk::SourceTree& tree) {
  return tree.first_file(kStartScriptPaths);
}

std::optional<StartScript> read_start_script(const sdk::SourceTree& tree) {
  auto path = find_start_script(tree);
  if (!path) return std::nullopt;
  StartScript script;
  script.path = *path;
  auto text = tree.read(*path, kMaxScriptBytes);
  if (!text) {
    script.runs_directly = true;
    return script;
  }
  script.text = std::move(*text);
  if (script.text.rfind("#!", 0) == 0) {
    script.shebang = script.text.substr(2, script.text.find('\n') - 2);
    if (!script.shebang.empty() && script.shebang.back() == '\r') script.shebang.pop_back();
    script.runs_directly = true;
  }
  if (script.text.rfind("\x7f" "ELF", 0) == 0) script.runs_directly = true;
  return script;
}

sdk::StartCommand start_command(const StartScript& script) {
  sdk::StartCommand start;
  if (script.runs_directly) start.argv = {"./" + script.path};
  else start.argv = {"/bin/sh", "./" + script.path};
  return start;
}

}  // namespace kiln::generic
