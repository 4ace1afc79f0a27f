#include "runners/helper_command.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace kiln {
namespace {

// Host-side options: how to reach the engine and the helper, and the time
// limit (the host enforces it by stopping the helper); the password options
// become one file.
constexpr std::array<std::string_view, 8> kNotForwarded = {
    "--help", "--isolation", "--helper-image", "--engine", "--timeout",
    "--registry-password-stdin", "--registry-password-file", "--ca-bundle"};

bool forwarded(const std::string& name) {
  return std::find(kNotForwarded.begin(), kNotForwarded.end(), name) == kNotForwarded.end();
}

void append(std::vector<std::string>& argv, const GivenOption& option) {
  for (const auto& value : option.values) argv.push_back(option.name + "=" + value);
}

}  // namespace

Result<std::vector<std::string>> helper_command(const HelperCommandInput& input) {
  std::vector<std::string> argv;
  for (const auto& option : input.global_options) {
    if (option.values.empty()) continue;
    if (option.name == "--plugin-dir")
      return Error{ErrorCode::InvalidRequest,
                   "--plugin-dir names a folder on this machine, which the helper container cannot see; "
                   "build a helper image with your buildpacks in it (FROM kiln/kiln:dev, COPY them to "
                   "/usr/local/lib/kiln/buildpacks) and pass it with --helper-image, or use --isolation host"};
    if (option.name == "--help") continue;
    append(argv, option);
  }
  argv.push_back("build");
  argv.push_back(input.app_path);
  for (const auto& option : input.build_options)
    if (forwarded(option.name)) append(argv, option);
  if (input.has_ca_bundle) argv.push_back(std::string("--ca-bundle=") + kHelperCaBundle);
  if (input.has_password) argv.push_back(std::string("--registry-password-file=") + kHelperPasswordFile);
  return argv;
}

std::string helper_app_folder_name(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.size() > 200) return "app";
  for (unsigned char c : name)
    if (c == '/' || c < 0x20 || c == 0x7f) return "app";
  return name;
}

}  // namespace kiln
