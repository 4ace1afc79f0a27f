#pragma once
// The stages of a (multi-stage) Dockerfile and what each one would run and
// expose as an image, so kiln can report the start command and port of the
// stage it builds without building it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kiln/sdk/plan.hpp>

#include "kiln/support/dockerfile_instructions.hpp"

namespace kiln::support {

struct DockerfileStage {
  std::string base;                 // the image or earlier stage after FROM
  std::optional<std::string> name;  // "AS name", lower case as the builder keeps it
  int line = 0;                     // line of its FROM
  // ENTRYPOINT + CMD as the image would have them, including what the stage
  // inherits from an earlier stage it is built FROM. Empty when unknown
  // (nothing set here, and the base is an outside image).
  sdk::StartCommand start;
  // The first TCP port EXPOSEd (inherited ones first) whose value is a plain
  // number; an EXPOSE of "$PORT" or a range tells us nothing.
  std::optional<int> port;
};

// Throws sdk::BuildpackError naming the file and line when there is no FROM,
// an instruction other than ARG comes before the first FROM, a FROM cannot be
// read, or two stages share a name.
std::vector<DockerfileStage> read_dockerfile_stages(const std::vector<DockerfileInstruction>& instructions,
                                                    std::string_view file_name);
std::vector<DockerfileStage> read_dockerfile_stages(std::string_view text, std::string_view file_name);

// The stage a build with this target produces: the named stage (names compare
// case-insensitively, as the builder does), or the last stage when no target is
// given. Throws sdk::BuildpackError listing the stage names when none matches.
const DockerfileStage& select_stage(const std::vector<DockerfileStage>& stages,
                                    const std::optional<std::string>& target, std::string_view file_name);

}  // namespace kiln::support
