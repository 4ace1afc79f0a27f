#include "plugins/native_buildpack.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <string_view>

#include <boost/dll/shared_library.hpp>
#include <kiln/sdk/abi.h>

#include "plugins/host_tree_table.hpp"

namespace kiln {
namespace {

using nlohmann::json;

// Symbols of kiln 0.1's C++ boundary: such a library must be rebuilt, never called.
constexpr const char* kCppBoundarySymbol = "kiln_create_buildpack";

std::string range_text(std::uint32_t low, std::uint32_t high) {
  return low == high ? std::to_string(low) : std::to_string(low) + " to " + std::to_string(high);
}

class NativeBuildpack final : public BuildpackCode {
 public:
  struct Entry {
    kiln_detect_fn detect;
    kiln_generate_fn generate;
    kiln_free_fn free;
  };

  NativeBuildpack(BuildpackDescriptor descriptor, std::shared_ptr<boost::dll::shared_library> library, Entry entry,
                  std::uint32_t abi_version)
      : descriptor_(std::move(descriptor)), library_(std::move(library)), entry_(entry), abi_version_(abi_version) {}

  Result<PluginOutput> detect_output(const LocalSourceTree& tree) const override {
    HostTreeTable host(tree, abi_version_, log_prefix());
    kiln_output out{nullptr, 0};
    const auto status = entry_.detect(host.table(), &out);
    auto answer = take(out);
    if (status != KILN_OK) return failure("detect", status, answer);
    return output("detection", answer);
  }

  Result<PluginOutput> generate_output(const LocalSourceTree& tree, const sdk::Detection& detection,
                                       const sdk::GenerateOptions& options) const override {
    const auto request = json{{"detection", detection}, {"options", options}}.dump();
    HostTreeTable host(tree, abi_version_, log_prefix());
    kiln_output out{nullptr, 0};
    const auto status = entry_.generate(host.table(), request.data(), request.size(), &out);
    auto answer = take(out);
    if (status != KILN_OK) return failure("generate", status, answer);
    return output("plan", answer);
  }

 private:
  std::string log_prefix() const { return "[" + descriptor_.id + "] "; }

  // Copies the plugin's bytes and hands them back to the library that allocated them.
  std::string take(kiln_output out) const {
    std::string text = out.data ? std::string(out.data, out.size) : std::string();
    if (out.data) entry_.free(out);
    return text;
  }

  Result<PluginOutput> output(const char* what, const std::string& text) const {
    const auto site = "buildpack " + descriptor_.id + " (" + descriptor_.source + ") returned a bad " + what;
    auto value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) return Error{ErrorCode::PluginFailure, site + ": not valid JSON"};
    return PluginOutput{std::move(value), site};
  }

  Error failure(const char* what, std::int32_t status, const std::string& answer) const {
    std::string message = "(no message)";
    auto value = json::parse(answer, nullptr, false);
    if (value.is_object() && value.contains("message") && value["message"].is_string())
      message = value["message"].get<std::string>();
    // The buildpack's own words about the project are passed on as written.
    if (status == KILN_PROJECT_ERROR) return Error{ErrorCode::ProjectError, descriptor_.id + ": " + message};
    return Error{ErrorCode::PluginFailure, "buildpack " + descriptor_.id + " (" + descriptor_.source + ") failed in " + what +
                                       ": " + message};
  }

  BuildpackDescriptor descriptor_;
  std::shared_ptr<boost::dll::shared_library> library_;  // the code stays mapped while this object lives
  Entry entry_;
  std::uint32_t abi_version_;
};

}  // namespace

Result<BuildpackCodePtr> load_native_buildpack(const BuildpackDescriptor& descriptor) {
  const auto& file = descriptor.source;
  auto refuse = [&](const std::string& reason) {
    return Error{ErrorCode::InvalidBuildpack, "refused plugin " + file + " (" + descriptor.id + "): " + reason};
  };
  auto library = std::make_shared<boost::dll::shared_library>();
  boost::dll::fs::error_code ec;
  library->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    // Boost 1.74 reports a generic code; the loader's own words say which symbol or library is missing.
    const char* detail = dlerror();
    return refuse("cannot load it: " + std::string(detail ? detail : ec.message().c_str()));
  }
  if (!library->has(KILN_SYMBOL_INFO)) {
    if (library->has(kCppBoundarySymbol))
      return refuse("it was built for kiln 0.1's C++ plugin boundary, which is no longer loaded; rebuild it "
                    "against this kiln SDK (KILN_BUILDPACK(Class) and a buildpack.toml)");
    return refuse("missing symbol kiln_buildpack_info (not a kiln buildpack? it must use KILN_BUILDPACK)");
  }
  const kiln_info* info = library->get<const kiln_info*()>(KILN_SYMBOL_INFO)();
  if (!info) return refuse("kiln_buildpack_info returned nothing");
  if (info->struct_size < sizeof(kiln_info)) return refuse("its info block is truncated");
  const auto ours = supported_api("native");
  const std::uint32_t chosen = std::min<std::uint32_t>(info->abi_max, ours.newest);
  if (info->abi_min > info->abi_max || chosen < info->abi_min || chosen < static_cast<std::uint32_t>(ours.oldest))
    return refuse("it speaks buildpack ABI " + range_text(info->abi_min, info->abi_max) + ", this kiln speaks ABI " +
                  range_text(ours.oldest, ours.newest) + "; rebuild it against a matching kiln SDK");
  for (const char* symbol : {KILN_SYMBOL_DETECT, KILN_SYMBOL_GENERATE, KILN_SYMBOL_FREE})
    if (!library->has(symbol)) return refuse(std::string("missing symbol ") + symbol);
  NativeBuildpack::Entry entry{
      library->get<std::remove_pointer_t<kiln_detect_fn>>(KILN_SYMBOL_DETECT),
      library->get<std::remove_pointer_t<kiln_generate_fn>>(KILN_SYMBOL_GENERATE),
      library->get<std::remove_pointer_t<kiln_free_fn>>(KILN_SYMBOL_FREE),
  };
  return BuildpackCodePtr(std::make_shared<NativeBuildpack>(descriptor, std::move(library), entry, chosen));
}

}  // namespace kiln
