#include "plugins/buildpack_descriptor.hpp"

#include <kiln/sdk/abi.h>
#include <kiln/sdk/semver.hpp>
#include <toml++/toml.h>

#include <fstream>

#include "plugins/lua_buildpack.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxDescriptorBytes = 64u << 10;

// Entries are file names beside the descriptor: nothing that climbs out of the folder.
bool is_plain_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\\') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

class DescriptorReader {
 public:
  DescriptorReader(const toml::table& table, std::string file) : table_(table), file_(std::move(file)) {}

  Error invalid(const std::string& key, const std::string& why) const {
    return Error{ErrorCode::InvalidBuildpack, file_ + ": '" + key + "' " + why};
  }
  Result<std::string> text(const char* key, bool required) const {
    const auto* node = table_.get(key);
    if (!node) {
      if (required) return invalid(key, "is required");
      return std::string();
    }
    if (!node->is_string()) return invalid(key, "must be a string");
    return std::string(node->as_string()->get());
  }
  Result<std::vector<std::string>> texts(const char* key) const {
    std::vector<std::string> out;
    const auto* node = table_.get(key);
    if (!node) return out;
    const auto* array = node->as_array();
    if (!array) return invalid(key, "must be a list of strings");
    for (const auto& item : *array) {
      if (!item.is_string()) return invalid(key, "must be a list of strings");
      out.emplace_back(item.as_string()->get());
    }
    return out;
  }
  // looks_inside = { files = [...], words = [...] }: both, neither empty; files are paths in the app.
  Result<LooksInside> looks_inside() const {
    LooksInside out;
    const auto* node = table_.get("looks_inside");
    if (!node) return out;
    const auto* table = node->as_table();
    if (!table) return invalid("looks_inside", "must be a table { files = [...], words = [...] }");
    for (const auto& [key, value] : *table)
      if (key.str() != "files" && key.str() != "words")
        return invalid("looks_inside", "has an unknown key '" + std::string(key.str()) + "' (it takes files and words)");
    DescriptorReader inner(*table, file_);
    auto files = inner.texts("files");
    auto words = inner.texts("words");
    if (!files || !words) return invalid("looks_inside", "must have lists of strings files and words");
    if (files->empty() || words->empty()) return invalid("looks_inside", "needs at least one file and one word");
    for (const auto& file : *files)
      if (file.empty() || file.front() == '/' || file.find("..") != std::string::npos || file.find_first_of("*?") != std::string::npos)
        return invalid("looks_inside", "files are paths in the app (no globs, no ..): '" + file + "'");
    for (const auto& word : *words)
      if (word.empty() || word.size() > 64) return invalid("looks_inside", "words are 1 to 64 characters");
    out.files = std::move(*files);
    out.words = std::move(*words);
    return out;
  }
  Result<int> integer(const char* key, bool required, int low, int high) const {
    const auto* node = table_.get(key);
    if (!node) {
      if (required) return invalid(key, "is required");
      return 0;
    }
    auto value = node->value<std::int64_t>();
    if (!node->is_integer() || !value || *value < low || *value > high)
      return invalid(key, "must be an integer from " + std::to_string(low) + " to " + std::to_string(high));
    return static_cast<int>(*value);
  }

 private:
  const toml::table& table_;
  std::string file_;
};

Result<BuildpackDescriptor> read_fields(const toml::table& table, const fs::path& folder, const std::string& file) {
  static const char* const known[] = {"api", "id", "version", "kind", "entry", "priority", "description",
                                      "homepage", "licenses", "looks_for", "looks_inside", "chosen_by",
                                      "keywords", "platforms"};
  for (const auto& [key, value] : table) {
    bool ok = false;
    for (const char* k : known) ok = ok || key.str() == k;
    if (!ok) return Error{ErrorCode::InvalidBuildpack, file + ": unknown key '" + std::string(key.str()) + "'"};
  }
  DescriptorReader read(table, file);
  BuildpackDescriptor d;
  d.descriptor_file = file;
#define KILN_TAKE(field, expr)        \
  {                                   \
    auto value = (expr);              \
    if (!value) return value.error(); \
    d.field = std::move(*value);      \
  }
  KILN_TAKE(id, read.text("id", true));
  KILN_TAKE(version, read.text("version", true));
  KILN_TAKE(kind, read.text("kind", true));
  KILN_TAKE(api, read.integer("api", true, 0, 1 << 20));
  KILN_TAKE(priority, read.integer("priority", false, -1000, 1000));
  KILN_TAKE(description, read.text("description", false));
  KILN_TAKE(homepage, read.text("homepage", false));
  KILN_TAKE(licenses, read.texts("licenses"));
  KILN_TAKE(looks_for, read.texts("looks_for"));
  KILN_TAKE(looks_inside, read.looks_inside());
  KILN_TAKE(chosen_by, read.texts("chosen_by"));
  KILN_TAKE(keywords, read.texts("keywords"));
  KILN_TAKE(platforms, read.texts("platforms"));
#undef KILN_TAKE
  if (!is_valid_buildpack_id(d.id))
    return read.invalid("id", "'" + d.id + "' is not reverse-DNS-ish (like com.acme.deno: two or more dot-separated parts)");
  if (!sdk::semver::parse(d.version)) return read.invalid("version", "'" + d.version + "' is not a semantic version");
  if (d.kind != "native" && d.kind != "lua") return read.invalid("kind", "must be \"native\" or \"lua\", got \"" + d.kind + "\"");
  auto range = supported_api(d.kind);
  if (d.api < range.oldest || d.api > range.newest)
    return Error{ErrorCode::InvalidBuildpack, file + ": buildpack " + d.id + " targets " + d.kind + " API " + std::to_string(d.api) +
                                     ", but this kiln speaks " + d.kind + " API " + std::to_string(range.oldest) +
                                     (range.oldest == range.newest ? "" : " to " + std::to_string(range.newest))};
  auto entry = read.text("entry", d.kind == "native");
  if (!entry) return entry.error();
  if (entry->empty()) *entry = "buildpack.lua";
  if (!is_plain_file_name(*entry)) return read.invalid("entry", "must be a file name beside buildpack.toml");
  d.source = (folder / *entry).string();
  return d;
}

}  // namespace

Result<std::string> read_descriptor_text(const fs::path& folder) {
  const auto path = folder / kBuildpackDescriptorFile;
  const auto file = path.string();
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return Error{ErrorCode::InvalidBuildpack, file + ": cannot read it: " + ec.message()};
  if (size > kMaxDescriptorBytes) return Error{ErrorCode::InvalidBuildpack, file + ": larger than 64 KiB"};
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  // A file that grew since file_size is cut at the bound, and then fails to parse or is read whole next time.
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(text.size())))
    return Error{ErrorCode::InvalidBuildpack, file + ": cannot read it"};
  return text;
}

Result<BuildpackDescriptor> parse_buildpack_descriptor(const std::string& text, const fs::path& folder) {
  const auto file = (folder / kBuildpackDescriptorFile).string();
  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return Error{ErrorCode::InvalidBuildpack, file + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description())};
  }
  return read_fields(table, folder, file);
}

Result<BuildpackDescriptor> read_buildpack_descriptor(const fs::path& folder) {
  auto text = read_descriptor_text(folder);
  if (!text) return text.error();
  return parse_buildpack_descriptor(*text, folder);
}

ApiRange supported_api(std::string_view kind) {
  if (kind == "native") return {KILN_ABI_VERSION_MIN, KILN_ABI_VERSION};
  return {kLuaApiVersion, kLuaApiVersion};
}

nlohmann::json to_json(const BuildpackDescriptor& d) {
  nlohmann::json out = {{"id", d.id},          {"version", d.version},         {"kind", d.kind},
                        {"api", d.api},        {"source", d.source},           {"priority", d.priority},
                        {"description", d.description}, {"homepage", d.homepage}, {"licenses", d.licenses},
                        {"looks_for", d.looks_for}};
  if (!d.looks_inside.empty()) out["looks_inside"] = to_json(d.looks_inside);
  return out;
}

nlohmann::json to_json(const LooksInside& looks_inside) {
  return {{"files", looks_inside.files}, {"words", looks_inside.words}};
}

bool is_valid_buildpack_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  bool dot_seen = false;
  char previous = '.';
  for (char c : id) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (c == '.') {
      if (previous == '.') return false;
      dot_seen = true;
    } else if (!word) {
      return false;
    }
    previous = c;
  }
  return dot_seen && previous != '.';
}

}  // namespace kiln
