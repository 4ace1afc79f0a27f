#pragma once
// From a planned app to the runner's request: tags (one image per compose
// service), labels, limits. The CLI and the build service both build
// images this way, so an image built over HTTP matches one built by hand.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <kiln/sdk/runner.hpp>

#include "core/app_analysis.hpp"
#include "core/build_units.hpp"

namespace kiln {

struct ImageBuildOptions {
  std::vector<std::string> tags;           // empty: <app folder>:latest
  std::map<std::string, std::string> labels;
  std::optional<std::string> target;       // wins over the unit's own
  std::optional<std::string> platform;
  std::string network = "host";
  std::optional<std::int64_t> memory_bytes;
  std::optional<double> cpus;
  bool no_cache = false;
};

// Image names are lower case, with a restricted alphabet: "My App" -> "my-app".
std::string image_name_for(const std::string& name);

// "registry:5000/team/app:1" + "web" -> "registry:5000/team/app-web:1" (one image per compose service).
std::string tag_for_service(const std::string& tag, const std::string& service);

// Render options for an app: its name, its buildpack's version, and kiln's stack catalogue with
// `catalogue_file` read over it (a user's), then kiln.toml's [stacks] images and `stack_overrides`
// (NAME=IMAGE, from flags or server settings) winning.
Result<RenderOptions> render_options_for(const Analysis& analysis, const std::vector<std::string>& stack_overrides,
                                         const std::optional<std::string>& catalogue_file);

sdk::BuildRequest image_build_request(const BuildUnit& unit, const Analysis& analysis, const ImageBuildOptions& options,
                                      std::size_t unit_count);

}  // namespace kiln
