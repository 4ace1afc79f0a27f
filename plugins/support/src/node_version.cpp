#include "kiln/support/node_version.hpp"

#include "kiln/support/runtime_pin.hpp"

namespace kiln::support {
namespace {
// A version file holds one short line; anything bigger is not one.
constexpr std::size_t kVersionFileCap = 256;

std::optional<std::string> first_line(const std::string& text) {
  auto line = text.substr(0, text.find('\n'));
  auto begin = line.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return std::nullopt;
  auto end = line.find_last_not_of(" \t\r");
  return line.substr(begin, end - begin + 1);
}
}  // namespace

std::optional<NodeVersionRequest> requested_node_version(const sdk::SourceTree& tree, const PackageJson& package) {
  for (std::string_view file : {".nvmrc", ".node-version"}) {
    if (auto text = tree.read(file, kVersionFileCap))
      if (auto line = first_line(*text)) return NodeVersionRequest{*line, std::string(file)};
  }
  if (auto range = package.engine("node")) return NodeVersionRequest{*range, "package.json engines.node"};
  return std::nullopt;
}

std::optional<int> pinned_node_major(const std::string& version) {
  std::string_view v(version);
  if (v.starts_with('v')) v.remove_prefix(1);
  int major = 0;
  std::size_t digits = 0;
  while (digits < v.size() && digits < 4 && std::isdigit(static_cast<unsigned char>(v[digits])))
    major = major * 10 + (v[digits++] - '0');
  if (digits == 0) return std::nullopt;
  auto rest = v.substr(digits);
  // "20", "20.11", "20.11.1", "20.x" are pins; "20 || 22" and ">=18" are not.
  for (char c : rest)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != 'x' && c != '*') return std::nullopt;
  return major;
}

sdk::BaseImage node_runtime(const sdk::SourceTree& tree, const std::optional<NodeVersionRequest>& request) {
  if (!request) return sdk::BaseImage::of_runtime("node");
  // nvm's names for release lines (nvm ls-remote --lts); "lts/*" is the newest
  // LTS, which the catalogue's default is.
  static const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"lts/*", ""},         {"lts/latest", ""},      {"node", "*"},       {"latest", "*"},   {"current", "*"},
      {"stable", "*"},       {"lts/gallium", "16"},   {"lts/hydrogen", "18"}, {"lts/iron", "20"}, {"lts/jod", "22"},
      {"lts/krypton", "24"}};
  std::string range = request->version;
  for (const auto& [alias, major] : kAliases)
    if (range == alias) range = major;
  if (auto major = pinned_node_major(range)) range = std::to_string(*major);
  if (request->source == "package.json engines.node") {
    auto text = tree.read("package.json").value_or("");
    return pinned_runtime("node", range, "package.json", text, "engines.node", "\"node\"", "\"engines\"");
  }
  return pinned_runtime("node", range, request->source, "");
}

}  // namespace kiln::support
