#include "rust_runtime.hpp"

#include <kiln/sdk/semver.hpp>
#include <kiln/support/runtime_pin.hpp>
#include <kiln/support/toml_file.hpp>

namespace kiln::rust {
namespace {

sdk::BaseImage channel_runtime(const std::string& channel, const std::string& file, const std::string& text, bool toml) {
  if (channel.empty() || channel == "stable") return sdk::BaseImage::of_runtime("rust");
  auto range = sdk::semver::parse(channel) ? ">=" + channel : channel;
  return support::pinned_runtime("rust", range, file, text, toml ? "toolchain.channel" : "", toml ? "channel" : channel);
}

}  // namespace

sdk::BaseImage rust_runtime(const sdk::SourceTree& tree) {
  for (const char* file : {"rust-toolchain.toml", "rust-toolchain"}) {
    auto text = tree.read(file, 4096);
    if (!text) continue;
    auto first = text->find_first_not_of(" \t\r\n");
    if (first == std::string::npos) continue;
    // The legacy file holds either a bare channel name or the TOML form.
    if (std::string_view(file) == "rust-toolchain" && text->find('[') == std::string::npos) {
      auto line = text->substr(first, text->find_first_of(" \t\r\n", first) - first);
      return channel_runtime(line, file, *text, false);
    }
    auto doc = support::read_toml_file(tree, file);
    const auto* channel = doc ? support::json_at(*doc, {"toolchain", "channel"}) : nullptr;
    if (channel && channel->is_string()) return channel_runtime(channel->get<std::string>(), file, *text, true);
    return sdk::BaseImage::of_runtime("rust");
  }
  return sdk::BaseImage::of_runtime("rust");
}

}  // namespace kiln::rust
