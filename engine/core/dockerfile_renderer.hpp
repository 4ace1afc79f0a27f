#pragma once
// Renders a BuildPlan into one Dockerfile: dependency layers before source
// layers, two stages when the plan names artifacts, exec-form CMD, a non-root
// run user and OCI labels. Validates the plan first; every value is quoted here.
#include <map>
#include <string>

#include <kiln/sdk/plan.hpp>

#include "core/result.hpp"
#include "core/stack_catalogue.hpp"

namespace kiln {

// The numeric user the run image runs as: it exists in no passwd file, and needs none.
inline constexpr const char* kRunUser = "10001:10001";

struct RenderOptions {
  StackCatalogue catalogue = StackCatalogue::builtin();  // resolves the plan's runtimes
  std::string app_name;                        // org.opencontainers.image.title
  std::string buildpack_version;               // recorded in a label and the header
  std::map<std::string, std::string> labels;   // user labels, added last
  // Build steps trust the certificates in the context's kCaBundleFolder (a
  // corporate proxy's CA). They are used in the build stage only: the run
  // image is always a separate stage then, and never holds them.
  bool ca_bundle = false;
};

// Where the CA certificates travel in the build context, one PEM file each.
inline constexpr const char* kCaBundleFolder = ".kiln-ca";

Result<std::string> render_dockerfile(const sdk::BuildPlan& plan, const RenderOptions& options);

// The image a two-stage plan's run stage starts from: its run runtime's
// stack, or the fuller one the catalogue names when the run image must
// install packages (or run a shell command where there is no shell).
Result<ResolvedImage> run_stage_image(const sdk::BuildPlan& plan, const StackCatalogue& catalogue);

// A shell command line runs under `sh -c`; a simple one gets `exec` so the
// app is PID 1's direct replacement and receives signals.
std::vector<std::string> start_command_argv(const sdk::StartCommand& start);

}  // namespace kiln
