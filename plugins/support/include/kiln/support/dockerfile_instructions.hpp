#pragma once
// A Dockerfile as the builder sees it: a list of instructions, after parser
// directives, comments, line continuations and heredoc bodies are dealt with.
#include <string>
#include <string_view>
#include <vector>

namespace kiln::support {

struct DockerfileInstruction {
  std::string keyword;    // upper case: FROM, RUN, CMD, ...
  std::string arguments;  // everything after the keyword, continuation lines joined, trimmed
  int line = 0;           // 1-based line where the instruction starts
};

// Throws sdk::BuildpackError naming `file_name` and the line for what a builder
// would refuse too: an unknown instruction, a heredoc that never ends. Input
// larger than a sane Dockerfile is refused the same way.
std::vector<DockerfileInstruction> read_dockerfile_instructions(std::string_view text, std::string_view file_name);

}  // namespace kiln::support
