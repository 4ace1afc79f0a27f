#include "plugins/descriptor_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/user_cache_dir.hpp"
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

// An entry is one CBOR array, its fields in this order; the file is [writer, [entry, ...]].
enum Field : std::size_t { kPath, kSize, kHash, kId, kVersion, kKind, kApi, kSource, kDescriptorFile, kDescription,
                           kPriority, kHomepage, kLicenses, kLooksFor, kLooksInsideFiles, kLooksInsideWords, kChosenBy,
                           kKeywords, kPlatforms,
                           kFieldCount };

json to_cache_json(const std::string& path, std::uint64_t size, std::uint64_t hash, const BuildpackDescriptor& d) {
  json entry = json::array();
  entry.get_ref<json::array_t&>().resize(kFieldCount);
  entry[kPath] = path, entry[kSize] = size, entry[kHash] = hash, entry[kId] = d.id, entry[kVersion] = d.version;
  entry[kKind] = d.kind, entry[kApi] = d.api, entry[kSource] = d.source, entry[kDescriptorFile] = d.descriptor_file;
  entry[kDescription] = d.description, entry[kPriority] = d.priority, entry[kHomepage] = d.homepage;
  entry[kLicenses] = d.licenses, entry[kLooksFor] = d.looks_for, entry[kChosenBy] = d.chosen_by;
  entry[kKeywords] = d.keywords, entry[kPlatforms] = d.platforms;
  entry[kLooksInsideFiles] = d.looks_inside.files, entry[kLooksInsideWords] = d.looks_inside.words;
  return entry;
}

// Reads the file with nlohmann's SAX interface, each value straight into its field: building a
// document first, then copying out of it, was three quarters of the cost of a `kiln detect`'s
// descriptor scan (a dozen allocations a value). Anything unexpected stops the read (a damaged
// file, or one another kiln wrote): the caller then starts with an empty cache.
class CacheReader {
 public:
  using Entries = std::map<std::string, DescriptorCache::Entry>;
  CacheReader(const std::string& writer, Entries& entries) : writer_(writer), entries_(entries) {}

  bool start_array(std::size_t) {
    ++depth_;
    if (depth_ == 3) field_ = 0, path_.clear(), entry_ = DescriptorCache::Entry{};
    return depth_ <= 4 && (depth_ != 2 || top_ == 1) && (depth_ != 4 || list() != nullptr);
  }
  bool end_array() {
    if (depth_ == 3) {
      if (field_ != kFieldCount) return false;
      entries_[path_] = std::move(entry_);
    }
    if (depth_ == 4) ++field_;
    if (depth_ == 2) ++top_;
    --depth_;
    return true;
  }
  bool string(std::string& value) {
    if (depth_ == 1) return top_++ == 0 && value == writer_;
    if (depth_ == 4) return list()->push_back(std::move(value)), true;
    if (depth_ != 3) return false;
    std::string* text = text_field();
    if (!text) return false;
    *text = std::move(value);
    return ++field_, true;
  }
  bool number_unsigned(json::number_unsigned_t value) {
    if (depth_ != 3) return false;
    if (field_ == kSize) entry_.text_size = value;
    else if (field_ == kHash) entry_.text_hash = value;
    else if (field_ == kApi || field_ == kPriority) return number_integer(static_cast<json::number_integer_t>(value));
    else return false;
    return ++field_, true;
  }
  bool number_integer(json::number_integer_t value) {
    if (depth_ != 3 || (field_ != kApi && field_ != kPriority) || value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) return false;
    (field_ == kApi ? entry_.descriptor.api : entry_.descriptor.priority) = static_cast<int>(value);
    return ++field_, true;
  }
  bool null() { return false; }
  bool boolean(bool) { return false; }
  bool number_float(json::number_float_t, const std::string&) { return false; }
  bool binary(json::binary_t&) { return false; }
  bool start_object(std::size_t) { return false; }
  bool key(std::string&) { return false; }
  bool end_object() { return false; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  std::string* text_field() {
    auto& d = entry_.descriptor;
    switch (field_) {
      case kPath: return &path_;
      case kId: return &d.id;
      case kVersion: return &d.version;
      case kKind: return &d.kind;
      case kSource: return &d.source;
      case kDescriptorFile: return &d.descriptor_file;
      case kDescription: return &d.description;
      case kHomepage: return &d.homepage;
      default: return nullptr;
    }
  }
  std::vector<std::string>* list() {
    auto& d = entry_.descriptor;
    switch (field_) {
      case kLicenses: return &d.licenses;
      case kLooksFor: return &d.looks_for;
      case kLooksInsideFiles: return &d.looks_inside.files;
      case kLooksInsideWords: return &d.looks_inside.words;
      case kChosenBy: return &d.chosen_by;
      case kKeywords: return &d.keywords;
      case kPlatforms: return &d.platforms;
      default: return nullptr;
    }
  }
  const std::string& writer_;
  Entries& entries_;
  int depth_ = 0;
  int top_ = 0;  // the item of the outer array being read: 0 the writer, 1 the entries
  std::size_t field_ = 0;
  std::string path_;
  DescriptorCache::Entry entry_;
};

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
  CacheReader reader(writer_, entries_);
  if (!json::sax_parse(*text, &reader, json::input_format_t::cbor)) entries_.clear();  // damaged, or another kiln's
}

std::optional<fs::path> DescriptorCache::default_file() {
  auto dir = user_cache_dir();
  if (!dir) return std::nullopt;
  return *dir / kCacheFileName;
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
  json entries = json::array();
  std::error_code ec;
  for (const auto& [path, entry] : entries_) {
    if (entries.size() >= kMaxEntries) break;
    if (!fs::exists(path, ec)) continue;  // a folder that is gone
    entries.push_back(to_cache_json(path, entry.text_size, entry.text_hash, entry.descriptor));
  }
  fs::create_directories(file_.parent_path(), ec);
  // Written beside, then renamed over: a reader sees the old file or the new one, never half of one.
  const auto temporary = file_.string() + "." + std::to_string(getpid()) + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    const auto bytes = json::to_cbor(json::array({writer_, std::move(entries)}));
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
