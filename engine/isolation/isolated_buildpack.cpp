#include "isolation/isolated_buildpack.hpp"

#include "isolation/analysis_protocol.hpp"

namespace kiln::isolation {
namespace {

using nlohmann::json;

class IsolatedBuildpack final : public BuildpackCode {
 public:
  IsolatedBuildpack(BuildpackDescriptor descriptor, std::shared_ptr<WorkerPool> pool)
      : descriptor_(std::move(descriptor)), wire_(descriptor_to_wire(descriptor_)), pool_(std::move(pool)) {}

  Result<PluginOutput> detect_output(const LocalSourceTree& tree) const override {
    return output("detect", run("detect", {{"op", "detect"}, {"buildpack", wire_}, {"root", tree.root().string()}}));
  }

  Result<PluginOutput> generate_output(const LocalSourceTree& tree, const sdk::Detection& detection,
                                       const sdk::GenerateOptions& options) const override {
    return output("generate", run("generate", {{"op", "generate"},
                                               {"buildpack", wire_},
                                               {"root", tree.root().string()},
                                               {"detection", detection},
                                               {"options", options}}));
  }

  // A worker's answer is only as trustworthy as the plugin code that ran there: its shape is checked too.
  Result<PluginOutput> output(const char* what, Result<json> answer) const {
    if (!answer) return answer.error();
    const auto site = answer->find("site");
    if (!answer->is_object() || !answer->contains("value") || site == answer->end() || !site->is_string())
      return Error{ErrorCode::PluginFailure, where(what) + ": the analysis worker's answer has no value and site"};
    return PluginOutput{std::move((*answer)["value"]), site->get<std::string>()};
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
