#pragma once
// The command a helper container runs: the `kiln build` the user typed, with
// what only makes sense on the host taken out or pointed at the copies inside
// the helper. Options are forwarded by name, so a flag added to `kiln build`
// later reaches the helper without a change here; only host-side ones are
// listed.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiln {

// Where things are inside the helper container.
inline constexpr const char* kHelperWorkspace = "/workspace";
inline constexpr const char* kHelperAppParent = "/workspace/app";        // the app is /workspace/app/<folder name>
inline constexpr const char* kHelperInputs = "/workspace/inputs";         // files kiln hands over (0700)
inline constexpr const char* kHelperCaBundle = "/workspace/inputs/ca.pem";
inline constexpr const char* kHelperPasswordFile = "/workspace/inputs/registry-password";

// An option as given on the host command line: "--tag" with each value, in order.
struct GivenOption {
  std::string name;
  std::vector<std::string> values;
};

struct HelperCommandInput {
  std::vector<GivenOption> global_options;  // kiln's own (--plugin-dir, --no-bundled)
  std::vector<GivenOption> build_options;   // `kiln build`'s named options
  std::string app_path;                     // the app inside the helper
  bool has_ca_bundle = false;               // copied to kHelperCaBundle
  bool has_password = false;                // copied to kHelperPasswordFile
};

// argv after the `kiln` entrypoint: [global options] build <app> [options].
// Values go as --name=value, so one that starts with '-' cannot turn into an
// option. Errors name an option that cannot work in a helper and what to do.
Result<std::vector<std::string>> helper_command(const HelperCommandInput& input);

// The folder name an app keeps inside the helper, so that the default tag and
// the image title match a build on the host; "app" when the name cannot be a
// single safe path component.
std::string helper_app_folder_name(const std::string& host_folder_name);

}  // namespace kiln
