#include "core/image_build_request.hpp"

#include <cctype>

namespace kiln {

std::string image_name_for(const std::string& name) {
  std::string out;
  for (char c : name) {
    auto l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(l)) || l == '.' || l == '_' || l == '-') ? l : '-';
  }
  while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.front()))) out.erase(0, 1);
  return out.empty() ? "app" : out;
}

std::string tag_for_service(const std::string& tag, const std::string& service) {
  auto slash = tag.rfind('/');
  auto colon = tag.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash))
    return tag.substr(0, colon) + "-" + image_name_for(service) + tag.substr(colon);
  return tag + "-" + image_name_for(service);
}

Result<RenderOptions> render_options_for(const Analysis& analysis, const std::vector<std::string>& stack_overrides,
                                         const std::optional<std::string>& catalogue_file) {
  RenderOptions options;
  options.app_name = analysis.tree->name();
  options.buildpack_version = analysis.buildpack ? analysis.buildpack->descriptor.version : "";
  if (catalogue_file) {
    auto theirs = StackCatalogue::read_file(*catalogue_file);
    if (!theirs) return theirs.error();
    options.catalogue.merge(*theirs);
  }
  if (analysis.config.runtime_versions == "nearest") options.catalogue.set_version_policy(VersionPolicy::nearest);
  for (const auto& [stack, image] : analysis.config.stacks)
    if (auto status = options.catalogue.map_image(stack, image); !status) return Error{status.error().code, "kiln.toml [stacks]: " + status.error().message};
  for (const auto& mapping : stack_overrides) {
    auto eq = mapping.find('=');
    if (auto status = options.catalogue.map_image(mapping.substr(0, eq), eq == std::string::npos ? "" : mapping.substr(eq + 1));
        !status)
      return status.error();
  }
  return options;
}

sdk::BuildRequest image_build_request(const BuildUnit& unit, const Analysis& analysis, const ImageBuildOptions& options,
                                      std::size_t unit_count) {
  sdk::BuildRequest request;
  request.context_dir = (analysis.tree->root() / unit.context).string();
  if (unit.dockerfile_path.empty()) request.dockerfile = unit.dockerfile_text;
  else request.dockerfile_path = unit.dockerfile_path;
  request.target = options.target ? options.target : unit.target;
  request.build_args = unit.build_args;
  for (const auto& [k, v] : analysis.config.build_args) request.build_args[k] = v;
  request.labels = options.labels;
  request.labels["io.kiln.buildpack"] = analysis.report.buildpack;
  auto tags = options.tags.empty() ? std::vector<std::string>{image_name_for(analysis.tree->name()) + ":latest"} : options.tags;
  for (auto& tag : tags) request.tags.push_back(unit_count > 1 ? tag_for_service(tag, unit.name) : tag);
  request.platform = options.platform;
  request.network = options.network;
  request.memory_bytes = options.memory_bytes;
  request.cpus = options.cpus;
  request.no_cache = options.no_cache;
  return request;
}

}  // namespace kiln
