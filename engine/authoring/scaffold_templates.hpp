#pragma once
// The SDK's buildpack templates (sdk/templates/<kind>-buildpack/), compiled in
// so `kiln buildpacks new` writes the very files the SDK ships, wherever kiln runs.
#include <string_view>
#include <vector>

namespace kiln {

struct TemplateFile {
  std::string_view path;  // "lua-buildpack/buildpack.lua"
  std::string_view text;
};

const std::vector<TemplateFile>& scaffold_template_files();

}  // namespace kiln
