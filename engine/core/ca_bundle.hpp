#pragma once
// A CA bundle (a corporate proxy's root, or a whole system bundle) for build
// steps: split into one PEM file per certificate, as update-ca-certificates
// and Java's trust store builder expect.
#include <map>
#include <string>

#include "core/result.hpp"

namespace kiln {

// Reads a PEM bundle; errors when the file is missing, too large, or holds no certificate.
Result<std::string> read_ca_bundle(const std::string& path);

// Context files for the renderer's kCaBundleFolder: "<folder>/kiln-000.crt" -> one certificate.
std::map<std::string, std::string> ca_bundle_context_files(const std::string& pem_bundle, const std::string& folder);

}  // namespace kiln
