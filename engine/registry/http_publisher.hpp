#pragma once
// Publishing to a kiln server's registry: POST <registry>/packages with the
// package as the body (application/gzip), its signature in X-Kiln-Signature
// and the server's token as a bearer token. The server publishes it into its
// registry folder with the same rules as a directory registry.
#include <filesystem>
#include <string>

#include "registry/index_entry.hpp"

namespace kiln::registry {

struct HttpPublishRequest {
  std::string registry_url;  // http(s)://host:port/registry
  std::filesystem::path package;
  std::string signature;
  std::string token;
  std::string ca_bundle_file;
};

// The index line the server wrote. Errors carry the server's error code and message.
Result<IndexEntry> publish_over_http(const HttpPublishRequest& request);

}  // namespace kiln::registry
