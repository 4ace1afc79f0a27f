#include "plugins/buildpack_code.hpp"

namespace kiln {
namespace {

template <class Read>
auto read_output(Result<PluginOutput> output, Read read) -> Result<decltype(read(*output))> {
  if (!output) return output.error();
  try {
    return read(*output);
  } catch (const std::exception& e) {
    return Error{ErrorCode::PluginFailure, e.what()};
  }
}

}  // namespace

Result<sdk::Detection> BuildpackCode::detect(const LocalSourceTree& tree) const {
  return read_output(detect_output(tree), [](const PluginOutput& o) { return read_detection(o); });
}

Result<sdk::BuildPlan> BuildpackCode::generate(const LocalSourceTree& tree, const sdk::Detection& detection,
                                               const sdk::GenerateOptions& options) const {
  return read_output(generate_output(tree, detection, options), [](const PluginOutput& o) { return read_plan(o); });
}

}  // namespace kiln
