#include "plugins/host_tree_table.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "plugins/document_json.hpp"

namespace kiln {
namespace {

std::string_view view(const char* data, size_t size) { return data ? std::string_view(data, size) : std::string_view(); }

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    out += n;
    out.push_back('\0');
  }
  return out;
}

// A plugin's log line is untrusted text: one line, no control characters, bounded.
std::string printable_line(std::string_view text) {
  constexpr std::size_t kMaxLogLine = 4096;
  std::string out;
  for (char c : text.substr(0, kMaxLogLine)) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
  return out;
}

}  // namespace

HostTreeTable::HostTreeTable(const LocalSourceTree& tree, std::uint32_t abi_version, std::string log_prefix)
    : tree_(tree), log_prefix_(std::move(log_prefix)) {
  table_ = kiln_host{sizeof(kiln_host), abi_version, this, &exists, &is_dir, &read, &list, &glob, &name, &log, &yaml_to_json};
}

kiln_bytes HostTreeTable::hand_out(std::string text) {
  answer_ = std::move(text);
  return kiln_bytes{answer_.data(), answer_.size()};
}

int32_t HostTreeTable::exists(void* context, const char* path, size_t size) {
  return self(context).tree_.exists(view(path, size)) ? 1 : 0;
}

int32_t HostTreeTable::is_dir(void* context, const char* path, size_t size) {
  return self(context).tree_.is_dir(view(path, size)) ? 1 : 0;
}

int32_t HostTreeTable::read(void* context, const char* path, size_t size, uint64_t max_bytes, kiln_bytes* out) {
  auto& host = self(context);
  auto text = host.tree_.read(view(path, size), static_cast<std::size_t>(std::min<uint64_t>(max_bytes, SIZE_MAX)));
  if (!text) {
    *out = kiln_bytes{nullptr, 0};
    return 0;
  }
  *out = host.hand_out(std::move(*text));
  return 1;
}

void HostTreeTable::list(void* context, const char* dir, size_t size, kiln_bytes* out) {
  auto& host = self(context);
  *out = host.hand_out(joined(host.tree_.list(view(dir, size))));
}

void HostTreeTable::glob(void* context, const char* pattern, size_t size, kiln_bytes* out) {
  auto& host = self(context);
  *out = host.hand_out(joined(host.tree_.glob(view(pattern, size))));
}

void HostTreeTable::name(void* context, kiln_bytes* out) {
  auto& host = self(context);
  *out = host.hand_out(host.tree_.name());
}

void HostTreeTable::log(void* context, int32_t level, const char* message, size_t size) {
  auto& host = self(context);
  // One call, so lines of buildpacks logging from several threads do not interleave.
  auto line = host.log_prefix_ + (level == KILN_LOG_WARNING ? "warning: " : "") + printable_line(view(message, size));
  std::fprintf(stderr, "%s\n", line.c_str());
}

int32_t HostTreeTable::yaml_to_json(void* context, const char* text, size_t size, kiln_bytes* out) {
  auto& host = self(context);
  // The same reading as tree:yaml's for Lua buildpacks (nesting bounded, so a hostile file cannot
  // overflow the parser's stack). Nothing may leave a C callback: every failure is a reason.
  try {
    *out = host.hand_out(yaml_document_to_json(view(text, size), "the document")
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return 1;
  } catch (const std::exception& e) {
    *out = host.hand_out(printable_line(e.what()));
  } catch (...) {
    *out = host.hand_out("unreadable YAML");
  }
  return 0;
}

}  // namespace kiln
