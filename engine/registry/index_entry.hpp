#pragma once
// One line of a registry's index: one version of one buildpack. The index is
// sparse, like the Rust crate index: one file per buildpack id (index/<id>),
// one JSON object per line, oldest first, so a resolve reads only the file of
// the id it asks for, and publishing appends a line.
//
//   {"id":"com.acme.deno","version":"1.2.0","api":1,"kind":"lua","platform":"",
//    "sha256":"…","size":1234,"url":"packages/com.acme.deno/com.acme.deno-1.2.0.tar.gz",
//    "signature":"<base64 ed25519>","yanked":false,"published":"2026-12-03T14:00:00Z",
//    "description":"Deno apps","keywords":["deno"]}
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiln::registry {

struct IndexEntry {
  std::string id;
  std::string version;
  int api = 0;
  std::string kind;        // native | lua
  std::string platform;    // native: "linux-x86_64-gnu"; lua: empty (runs anywhere)
  std::string sha256;      // lower-case hex of the package file
  std::uint64_t size = 0;  // bytes of the package file
  std::string url;         // relative to the registry's root, or absolute http(s)
  std::string signature;   // base64 ed25519 over the package file; empty when unsigned
  bool yanked = false;
  std::string published;   // UTC, RFC 3339
  std::string description;
  std::vector<std::string> keywords;
};

nlohmann::json to_json(const IndexEntry& entry);
// Errors name `origin` (the index file) and the line.
Result<IndexEntry> index_entry_from_json(const nlohmann::json& line, const std::string& origin);
// Every line of an index file; blank lines are skipped. Each line must be for `id`.
Result<std::vector<IndexEntry>> parse_index_file(std::string_view text, const std::string& id, const std::string& origin);
// The index file's text for these entries, one line each.
std::string index_file_text(const std::vector<IndexEntry>& entries);

// "<id>@<version>", as messages name a package.
std::string package_name(const IndexEntry& entry);

}  // namespace kiln::registry
