#include "registry/index_entry.hpp"

#include <kiln/sdk/semver.hpp>

#include "plugins/buildpack_descriptor.hpp"

namespace kiln::registry {

nlohmann::json to_json(const IndexEntry& e) {
  return {{"id", e.id},         {"version", e.version},     {"api", e.api},         {"kind", e.kind},
          {"platform", e.platform}, {"sha256", e.sha256},   {"size", e.size},       {"url", e.url},
          {"signature", e.signature}, {"yanked", e.yanked}, {"published", e.published},
          {"description", e.description}, {"keywords", e.keywords}};
}

Result<IndexEntry> index_entry_from_json(const nlohmann::json& line, const std::string& origin) {
  auto bad = [&](const std::string& why) { return Error{ErrorCode::InvalidConfig, origin + ": " + why}; };
  if (!line.is_object()) return bad("a line is not a JSON object");
  IndexEntry e;
  auto text = [&](const char* key, std::string& out, bool required) -> bool {
    auto it = line.find(key);
    if (it == line.end()) return !required;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  if (!text("id", e.id, true) || !text("version", e.version, true) || !text("kind", e.kind, true) ||
      !text("sha256", e.sha256, true) || !text("url", e.url, true) || !text("platform", e.platform, false) ||
      !text("signature", e.signature, false) || !text("published", e.published, false) ||
      !text("description", e.description, false))
    return bad("id, version, kind, sha256 and url must be strings (platform, signature, published, description too when given)");
  auto api = line.find("api");
  auto size = line.find("size");
  if (api == line.end() || !api->is_number_integer() || size == line.end() || !size->is_number_unsigned())
    return bad(e.id + "@" + e.version + ": api and size must be whole numbers");
  e.api = api->get<int>();
  e.size = size->get<std::uint64_t>();
  if (auto y = line.find("yanked"); y != line.end()) {
    if (!y->is_boolean()) return bad(e.id + "@" + e.version + ": yanked must be true or false");
    e.yanked = y->get<bool>();
  }
  if (auto k = line.find("keywords"); k != line.end() && k->is_array())
    for (const auto& word : *k)
      if (word.is_string()) e.keywords.push_back(word.get<std::string>());
  if (!is_valid_buildpack_id(e.id)) return bad("'" + e.id + "' is not a buildpack id");
  if (!sdk::semver::parse(e.version)) return bad(e.id + ": '" + e.version + "' is not a semantic version");
  if (e.kind != "lua" && e.kind != "native") return bad(e.id + "@" + e.version + ": kind must be lua or native");
  if (e.sha256.size() != 64 || e.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
    return bad(e.id + "@" + e.version + ": sha256 must be 64 lower-case hex digits");
  return e;
}

Result<std::vector<IndexEntry>> parse_index_file(std::string_view text, const std::string& id, const std::string& origin) {
  std::vector<IndexEntry> entries;
  std::size_t line_number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const auto where = origin + ":" + std::to_string(line_number);
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded()) return Error{ErrorCode::InvalidConfig, where + ": not JSON"};
    auto entry = index_entry_from_json(json, where);
    if (!entry) return entry.error();
    if (entry->id != id) return Error{ErrorCode::InvalidConfig, where + ": a line for " + entry->id + " in the index of " + id};
    entries.push_back(std::move(*entry));
  }
  return entries;
}

std::string index_file_text(const std::vector<IndexEntry>& entries) {
  std::string text;
  for (const auto& e : entries) text += to_json(e).dump() + "\n";
  return text;
}

std::string package_name(const IndexEntry& entry) { return entry.id + "@" + entry.version; }

}  // namespace kiln::registry
