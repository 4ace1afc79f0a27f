#include "plugins/descriptor_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "plugins/plugin_directories.hpp"

namespace fs = std::filesystem;

namespace kiln {
namespace {

using nlohmann::json;

// CBOR, not JSON text: nlohmann reads it several times faster (no lexing; strings come with
// their lengths), and this file is read by every `kiln detect`.
constexpr const char* kCacheFileName = "buildpack-descriptors.cbor";
constexpr std::size_t kMaxEntries = 256;  // folders come and go (tests, old plugin dirs): keep the file small

// The descriptor is a function of its text, its folder and this kiln's code (the API
// versions it speaks, its rules): the executable itself stands for the code.
std::string this_kiln() {
  const auto exe = kiln_executable();
  struct stat st {};
  if (stat(exe.c_str(), &st) != 0) return {};
  return exe.string() + " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

json to_cache_json(const BuildpackDescriptor& d) {
  return {{"id", d.id},           {"version", d.version},   {"kind", d.kind},
          {"api", d.api},         {"source", d.source},     {"descriptor_file", d.descriptor_file},
          {"description", d.description}, {"priority", d.priority}, {"homepage", d.homepage},
          {"licenses", d.licenses}, {"looks_for", d.looks_for}, {"chosen_by", d.chosen_by}};
}

BuildpackDescriptor from_cache_json(const json& v) {
  BuildpackDescriptor d;
  d.id = v.at("id").get<std::string>();
  d.version = v.at("version").get<std::string>();
  d.kind = v.at("kind").get<std::string>();
  d.api = v.at("api").get<int>();
  d.source = v.at("source").get<std::string>();
  d.descriptor_file = v.at("descriptor_file").get<std::string>();
  d.description = v.at("description").get<std::string>();
  d.priority = v.at("priority").get<int>();
  d.homepage = v.at("homepage").get<std::string>();
  d.licenses = v.at("licenses").get<std::vector<std::string>>();
  d.looks_for = v.at("looks_for").get<std::vector<std::string>>();
  d.chosen_by = v.at("chosen_by").get<std::vector<std::string>>();
  return d;
}

// std::hash of a string_view: stable for one kiln executable, which is all the cache needs.
std::uint64_t text_hash(const std::string& text) { return std::hash<std::string_view>{}(text); }

std::optional<std::string> slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

DescriptorCache::DescriptorCache(fs::path file) : file_(std::move(file)), writer_(this_kiln()) {
  auto text = slurp(file_);
  if (!text || writer_.empty()) return;
  try {
    const auto document = json::from_cbor(*text);
    if (document.at("kiln").get<std::string>() != writer_) return;  // another build of kiln: start afresh
    for (const auto& [path, entry] : document.at("entries").items())
      entries_[path] = Entry{entry.at("size").get<std::uint64_t>(), entry.at("hash").get<std::uint64_t>(),
                             from_cache_json(entry.at("descriptor"))};
  } catch (const std::exception&) {
    entries_.clear();  // damaged: as if it were not there
  }
}

std::optional<fs::path> DescriptorCache::default_file() {
  auto set = [](const char* name) -> const char* {
    const char* value = std::getenv(name);
    return value && *value ? value : nullptr;
  };
  if (const char* dir = set("KILN_CACHE_DIR")) return fs::path(dir) / kCacheFileName;
  if (const char* dir = set("XDG_CACHE_HOME")) return fs::path(dir) / "kiln" / kCacheFileName;
  if (const char* home = set("HOME")) return fs::path(home) / ".cache" / "kiln" / kCacheFileName;
  return std::nullopt;
}

Result<BuildpackDescriptor> DescriptorCache::read(const fs::path& folder) {
  auto text = read_descriptor_text(folder);
  if (!text) return text.error();
  const auto key = (folder / kBuildpackDescriptorFile).string();
  if (auto it = entries_.find(key);
      it != entries_.end() && it->second.text_size == text->size() && it->second.text_hash == text_hash(*text))
    return it->second.descriptor;
  auto descriptor = parse_buildpack_descriptor(*text, folder);
  if (descriptor) {
    entries_[key] = Entry{text->size(), text_hash(*text), *descriptor};
    changed_ = true;
  } else {
    entries_.erase(key);
  }
  return descriptor;
}

void DescriptorCache::save() {
  if (!changed_ || writer_.empty()) return;
  json entries = json::object();
  std::error_code ec;
  for (const auto& [path, entry] : entries_) {
    if (entries.size() >= kMaxEntries) break;
    if (!fs::exists(path, ec)) continue;  // a folder that is gone
    entries[path] = {{"size", entry.text_size}, {"hash", entry.text_hash}, {"descriptor", to_cache_json(entry.descriptor)}};
  }
  fs::create_directories(file_.parent_path(), ec);
  // Written beside, then renamed over: a reader sees the old file or the new one, never half of one.
  const auto temporary = file_.string() + "." + std::to_string(getpid()) + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    const auto bytes = json::to_cbor(json{{"kiln", writer_}, {"entries", std::move(entries)}});
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      fs::remove(temporary, ec);
      return;
    }
  }
  fs::rename(temporary, file_, ec);
  if (ec) fs::remove(temporary, ec);
  changed_ = false;
}

}  // namespace kiln
