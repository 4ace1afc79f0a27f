#pragma once
// What the engine calls to run a buildpack, whatever runs it: a native library
// in this process, a Lua script in this process, or either in an analysis
// worker process. Errors are values naming the buildpack; nothing throws.
#include <memory>

#include <kiln/sdk/detector.hpp>
#include <kiln/sdk/generator.hpp>
#include <kiln/sdk/plan.hpp>

#include "core/local_source_tree.hpp"
#include "core/result.hpp"
#include "plugins/plugin_output_reader.hpp"

namespace kiln {

class BuildpackCode {
 public:
  virtual ~BuildpackCode() = default;
  // What the buildpack returned, not yet read (an analysis worker passes it on as it is).
  virtual Result<PluginOutput> detect_output(const LocalSourceTree& tree) const = 0;
  virtual Result<PluginOutput> generate_output(const LocalSourceTree& tree, const sdk::Detection& detection,
                                               const sdk::GenerateOptions& options) const = 0;

  // The output read and checked against the SDK schemas; a bad value is a plugin_failure.
  Result<sdk::Detection> detect(const LocalSourceTree& tree) const;
  Result<sdk::BuildPlan> generate(const LocalSourceTree& tree, const sdk::Detection& detection,
                                  const sdk::GenerateOptions& options) const;
};

using BuildpackCodePtr = std::shared_ptr<const BuildpackCode>;

}  // namespace kiln
