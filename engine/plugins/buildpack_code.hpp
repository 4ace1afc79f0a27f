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

namespace kiln {

class BuildpackCode {
 public:
  virtual ~BuildpackCode() = default;
  virtual Result<sdk::Detection> detect(const LocalSourceTree& tree) const = 0;
  virtual Result<sdk::BuildPlan> generate(const LocalSourceTree& tree, const sdk::Detection& detection,
                                          const sdk::GenerateOptions& options) const = 0;
};

using BuildpackCodePtr = std::shared_ptr<const BuildpackCode>;

}  // namespace kiln
