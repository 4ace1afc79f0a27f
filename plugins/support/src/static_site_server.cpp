#include "kiln/support/static_site_server.hpp"

namespace kiln::support {

sdk::BaseImage static_site_runtime(bool spa) { return sdk::BaseImage::of_runtime(spa ? "static" : "static-runtime"); }

sdk::StartCommand static_site_start(std::string_view dir, bool spa) {
  // A shell command for the ${PORT:-...} expansion; both servers bind every address by default.
  sdk::StartCommand command;
  const std::string port = " --port ${PORT:-" + std::to_string(kStaticPort) + "}";
  command.shell = spa ? "spa-httpd " + std::string(dir) + port : "darkhttpd " + std::string(dir) + port + " --no-listing";
  return command;
}

}  // namespace kiln::support
