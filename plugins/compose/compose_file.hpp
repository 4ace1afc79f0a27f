#pragma once
// What kiln needs from a compose file: the services it can build, each checked
// so that nothing it names reaches outside the app folder.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

namespace kiln::compose {

struct BuildableService {
  std::string name;
  std::string context = ".";          // relative to the app root, normalized
  std::string dockerfile = "Dockerfile";  // relative to the context, normalized
  std::optional<std::string> target;
  std::map<std::string, std::string> args;
  std::optional<int> port;            // container side of ports:, else expose:
  bool publishes_ports = false;       // has ports:, so it is meant to be reached from outside
  sdk::StartCommand command;          // command:, if any

  std::string dockerfile_in_app() const;  // the Dockerfile's path from the app root
};

struct ComposeFile {
  std::string path;                         // compose.yaml, docker-compose.yml, ...
  std::vector<BuildableService> buildable;  // in file order
  std::vector<std::string> image_only;      // services that only run a published image
  std::vector<std::string> extends_only;    // services defined by extends:, which kiln does not follow
};

// The compose file at the app root, in the order docker compose itself prefers.
std::optional<std::string> find_compose_file(const sdk::SourceTree& tree);

// Throws sdk::BuildpackError naming the file (and line) when the file is not
// YAML, not shaped like a compose file, names a build context or Dockerfile
// outside the app folder, or points at a Dockerfile that is not there.
ComposeFile read_compose_file(const sdk::SourceTree& tree, const std::string& path);

}  // namespace kiln::compose
