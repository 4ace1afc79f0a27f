#include "plugins/buildpack_loader.hpp"

#include "plugins/guarded_call.hpp"
#include "plugins/lua_buildpack.hpp"
#include "plugins/native_buildpack.hpp"

namespace kiln {
namespace {

// The Lua sandbox reports failures as sdk::BuildpackError; here they become values.
class LuaBuildpackCode final : public BuildpackCode {
 public:
  LuaBuildpackCode(BuildpackDescriptor descriptor, std::shared_ptr<LuaBuildpack> script)
      : descriptor_(std::move(descriptor)), script_(std::move(script)) {}

  Result<PluginOutput> detect_output(const LocalSourceTree& tree) const override {
    return guarded_call(descriptor_, "detect", [&] { return script_->detect_output(tree); });
  }
  Result<PluginOutput> generate_output(const LocalSourceTree& tree, const sdk::Detection& detection,
                                       const sdk::GenerateOptions& options) const override {
    return guarded_call(descriptor_, "generate", [&] { return script_->generate_output(tree, detection, options); });
  }

 private:
  BuildpackDescriptor descriptor_;
  std::shared_ptr<LuaBuildpack> script_;
};

Result<BuildpackCodePtr> load_lua(const BuildpackDescriptor& descriptor) {
  auto script = LuaBuildpack::load(descriptor.source);
  if (!script) return script.error();
  const auto& info = (*script)->info();
  // The script names itself too; a copy that disagrees with its descriptor is refused, not guessed at.
  if (info.id != descriptor.id || info.version != descriptor.version)
    return Error{ErrorCode::InvalidBuildpack, descriptor.source + ": the script says " + info.id + " " + info.version + ", but " +
                                          descriptor.descriptor_file + " says " + descriptor.id + " " +
                                          descriptor.version};
  return BuildpackCodePtr(std::make_shared<LuaBuildpackCode>(descriptor, std::move(script.value())));
}

}  // namespace

Result<BuildpackCodePtr> load_buildpack_code(const BuildpackDescriptor& descriptor) {
  if (descriptor.kind == "native") return load_native_buildpack(descriptor);
  return load_lua(descriptor);
}

}  // namespace kiln
