#include <kiln/support/words.hpp>
#include "kiln/support/dockerfile_stages.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include <kiln/sdk/generator.hpp>

#include "kiln/support/port_spec.hpp"

namespace kiln::support {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

[[noreturn]] void fail(std::string_view file_name, int line, const std::string& message) {
  throw sdk::BuildpackError(std::string(file_name) + ":" + std::to_string(line) + ": " + message);
}

// CMD or ENTRYPOINT: exec form when the arguments are a JSON array of strings,
// otherwise shell form - the builder falls back the same way.
struct ImageCommand {
  bool set = false;
  bool exec = false;
  std::vector<std::string> argv;
  std::string shell;
};

ImageCommand read_command(const std::string& arguments) {
  ImageCommand command;
  command.set = true;
  if (!arguments.empty() && arguments.front() == '[') {
    auto parsed = nlohmann::json::parse(arguments, nullptr, /*allow_exceptions=*/false);
    bool strings = parsed.is_array();
    if (strings)
      for (const auto& item : parsed) strings = strings && item.is_string();
    if (strings) {
      command.exec = true;
      command.argv = parsed.get<std::vector<std::string>>();
      return command;
    }
  }
  command.shell = arguments;
  return command;
}

// What the builder does at run time: a shell-form ENTRYPOINT ignores CMD; an
// exec-form ENTRYPOINT gets CMD appended (a shell-form CMD as "/bin/sh -c ...").
sdk::StartCommand combine(const ImageCommand& entrypoint, const ImageCommand& cmd) {
  sdk::StartCommand start;
  if (entrypoint.set && !entrypoint.exec) {
    start.shell = entrypoint.shell;
    return start;
  }
  if (entrypoint.set) start.argv = entrypoint.argv;
  if (cmd.set && cmd.exec) {
    start.argv.insert(start.argv.end(), cmd.argv.begin(), cmd.argv.end());
  } else if (cmd.set && !cmd.shell.empty()) {
    if (start.argv.empty()) {
      start.shell = cmd.shell;
    } else {
      start.argv.insert(start.argv.end(), {"/bin/sh", "-c", cmd.shell});
    }
  }
  return start;
}

// Stage names as the builder accepts them.
bool valid_stage_name(std::string_view name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

// Everything a stage hands on to a stage built FROM it.
struct StageState {
  DockerfileStage stage;
  ImageCommand entrypoint;
  ImageCommand cmd;
  bool cmd_set_here = false;
};

}  // namespace

std::vector<DockerfileStage> read_dockerfile_stages(const std::vector<DockerfileInstruction>& instructions,
                                                    std::string_view file_name) {
  std::vector<StageState> states;
  for (const auto& ins : instructions) {
    if (ins.keyword == "FROM") {
      std::vector<std::string_view> parts;
      for (auto w : words(ins.arguments))
        if (w.substr(0, 2) != "--") parts.push_back(w);  // --platform=...
      bool named = parts.size() == 3 && lower(parts[1]) == "as";
      if (!(parts.size() == 1 || named))
        fail(file_name, ins.line, "cannot read 'FROM " + ins.arguments.substr(0, 80) + "': expected an image, optionally followed by 'AS name'");
      StageState state;
      state.stage.base = std::string(parts[0]);
      state.stage.line = ins.line;
      if (named) {
        auto name = lower(parts[2]);
        if (!valid_stage_name(name)) fail(file_name, ins.line, "invalid stage name '" + name.substr(0, 80) + "'");
        for (const auto& earlier : states)
          if (earlier.stage.name == name)
            fail(file_name, ins.line, "stage name '" + name + "' is already used on line " + std::to_string(earlier.stage.line));
        state.stage.name = name;
      }
      // A stage built FROM an earlier one starts with that stage's image config.
      auto base = lower(state.stage.base);
      for (const auto& earlier : states) {
        if (earlier.stage.name == base) {
          state.entrypoint = earlier.entrypoint;
          state.cmd = earlier.cmd;
          state.stage.port = earlier.stage.port;
        }
      }
      states.push_back(std::move(state));
      continue;
    }
    if (states.empty()) {
      if (ins.keyword == "ARG") continue;
      fail(file_name, ins.line, ins.keyword + " before the first FROM");
    }
    auto& state = states.back();
    if (ins.keyword == "CMD") {
      state.cmd = read_command(ins.arguments);
      state.cmd_set_here = true;
    } else if (ins.keyword == "ENTRYPOINT") {
      state.entrypoint = read_command(ins.arguments);
      // As in the builder: a new ENTRYPOINT drops a CMD this stage did not set itself.
      if (!state.cmd_set_here) state.cmd = {};
    } else if (ins.keyword == "EXPOSE" && !state.stage.port) {
      for (auto value : words(ins.arguments)) {
        if ((state.stage.port = container_port(value))) break;
      }
    }
  }
  if (states.empty()) fail(file_name, 1, "no FROM instruction: not a Dockerfile kiln can build");
  std::vector<DockerfileStage> stages;
  for (auto& state : states) {
    state.stage.start = combine(state.entrypoint, state.cmd);
    stages.push_back(std::move(state.stage));
  }
  return stages;
}

std::vector<DockerfileStage> read_dockerfile_stages(std::string_view text, std::string_view file_name) {
  return read_dockerfile_stages(read_dockerfile_instructions(text, file_name), file_name);
}

const DockerfileStage& select_stage(const std::vector<DockerfileStage>& stages,
                                    const std::optional<std::string>& target, std::string_view file_name) {
  if (stages.empty()) throw sdk::BuildpackError(std::string(file_name) + ": no stages");
  if (!target) return stages.back();
  auto wanted = lower(*target);
  std::string names;
  for (const auto& stage : stages) {
    if (stage.name == wanted) return stage;
    if (stage.name) names += (names.empty() ? "" : ", ") + *stage.name;
  }
  throw sdk::BuildpackError(std::string(file_name) + ": target stage '" + target->substr(0, 80) +
                            "' does not exist; stages: " + (names.empty() ? "(none named)" : names));
}

}  // namespace kiln::support
