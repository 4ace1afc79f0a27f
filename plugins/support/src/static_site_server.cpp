#include "kiln/support/static_site_server.hpp"

namespace kiln::support {

sdk::StartCommand static_site_start(std::string_view dir) {
  // A shell command for the ${PORT:-...} expansion; darkhttpd binds every address by default.
  sdk::StartCommand command;
  command.shell = "darkhttpd " + std::string(dir) + " --port ${PORT:-" + std::to_string(kStaticPort) + "} --no-listing";
  return command;
}

}  // namespace kiln::support
