#include "authoring/buildpack_scaffold.hpp"

#include <fstream>

#include "authoring/scaffold_templates.hpp"
#include "plugins/buildpack_descriptor.hpp"

namespace kiln {
namespace fs = std::filesystem;
namespace {

// What the templates call themselves.
constexpr std::string_view kTemplateId = "com.example.deno";
constexpr std::string_view kTemplateTarget = "deno_buildpack";

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

std::string native_target_name(const std::string& id) {
  auto last = id.substr(id.rfind('.') + 1);
  for (auto& c : last)
    if (c == '-') c = '_';
  return last + "_buildpack";
}

Result<std::vector<std::string>> scaffold_buildpack(const ScaffoldRequest& request) {
  if (!is_valid_buildpack_id(request.id))
    return Error{ErrorCode::InvalidRequest, "'" + request.id + "' is not a buildpack id: reverse-DNS-ish, like com.acme.deno"};
  if (request.kind != "lua" && request.kind != "native")
    return Error{ErrorCode::InvalidRequest, "a buildpack is --lua or --native"};
  std::error_code ec;
  if (fs::exists(request.dir, ec) && !fs::is_empty(request.dir, ec))
    return Error{ErrorCode::Conflict, request.dir.string() + " exists and is not empty: kiln writes a new buildpack into a new folder"};
  const std::string prefix = request.kind + "-buildpack/";
  const auto target = native_target_name(request.id);
  std::vector<std::string> written;
  for (const auto& file : scaffold_template_files()) {
    if (file.path.substr(0, prefix.size()) != prefix) continue;
    auto relative = replace_all(std::string(file.path.substr(prefix.size())), kTemplateTarget, target);
    auto text = replace_all(replace_all(std::string(file.text), kTemplateId, request.id), kTemplateTarget, target);
    const auto path = request.dir / relative;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return Error{ErrorCode::StorageFailed, path.string() + ": cannot write"};
    written.push_back(relative);
  }
  return written;
}

}  // namespace kiln
