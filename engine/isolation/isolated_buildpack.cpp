#include "isolation/isolated_buildpack.hpp"

#include "isolation/analysis_protocol.hpp"
#include "plugins/plugin_output_reader.hpp"

namespace kiln::isolation {
namespace {

using nlohmann::json;

class IsolatedBuildpack final : public BuildpackCode {
 public:
  IsolatedBuildpack(BuildpackDescriptor descriptor, std::shared_ptr<WorkerPool> pool)
      : descriptor_(std::move(descriptor)), wire_(descriptor_to_wire(descriptor_)), pool_(std::move(pool)) {}

  Result<sdk::Detection> detect(const LocalSourceTree& tree) const override {
    auto result = run("detect", {{"op", "detect"}, {"buildpack", wire_}, {"root", tree.root().string()}});
    if (!result) return result.error();
    // What comes back from a worker running plugin code is read as strictly as the plugin's own output.
    try {
      return read_detection(*result);
    } catch (const std::exception& e) {
      return Error{ErrorCode::PluginFailure, where("detect") + ": a bad detection: " + e.what()};
    }
  }

  Result<sdk::BuildPlan> generate(const LocalSourceTree& tree, const sdk::Detection& detection,
                                  const sdk::GenerateOptions& options) const override {
    auto result = run("generate", {{"op", "generate"},
                                   {"buildpack", wire_},
                                   {"root", tree.root().string()},
                                   {"detection", detection},
                                   {"options", options}});
    if (!result) return result.error();
    try {
      return read_plan(*result);
    } catch (const std::exception& e) {
      return Error{ErrorCode::PluginFailure, where("generate") + ": a bad plan: " + e.what()};
    }
  }

  Result<json> run(const char* what, const json& request) const {
    auto result = pool_->call(request);
    if (result) return result;
    const auto& error = result.error();
    // The worker's own failures are about this buildpack: say which, and in what.
    if (error.code == ErrorCode::PluginCrashed) return Error{error.code, where(what) + ": it crashed: " + error.message};
    if (error.code == ErrorCode::PluginTimeout) return Error{error.code, where(what) + ": " + error.message};
    if (error.code == ErrorCode::WorkerUnavailable) return Error{error.code, where(what) + ": " + error.message};
    return error;
  }

 private:
  std::string where(const char* what) const {
    return "buildpack " + descriptor_.id + " (" + descriptor_.source + ") failed in " + what;
  }

  BuildpackDescriptor descriptor_;
  json wire_;
  std::shared_ptr<WorkerPool> pool_;
};

}  // namespace

CodeLoader isolated_code_loader(std::shared_ptr<WorkerPool> pool, bool verify) {
  return [pool, verify](const BuildpackDescriptor& descriptor) -> Result<BuildpackCodePtr> {
    auto code = std::make_shared<IsolatedBuildpack>(descriptor, pool);
    if (!verify) return BuildpackCodePtr(std::move(code));
    auto loaded = code->run("loading", {{"op", "load"}, {"buildpack", descriptor_to_wire(descriptor)}});
    if (!loaded) return loaded.error();
    return BuildpackCodePtr(std::move(code));
  };
}

}  // namespace kiln::isolation
