#pragma once
// Signing keys for packages: ed25519 through OpenSSL's EVP interface. A
// private key is a PEM file (PKCS#8, mode 0600); its public key is KEY.pub,
// PEM too. A signature is detached: base64 of the 64 signature bytes over the
// whole package file, written beside it as FILE.sig. Registries trust public
// keys by their one-line form, the base64 of the PEM body.
#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "core/whole_file.hpp"  // read_whole_file, which every registry reader uses

namespace kiln::registry {

// Writes KEY (0600) and KEY.pub; refuses to overwrite either.
Status generate_key_pair(const std::filesystem::path& key_file);
// The signature of `data` with the private key in `key_file`, as base64.
Result<std::string> sign_bytes(const std::string& data, const std::filesystem::path& key_file);
// True when `signature` (base64) is `public_key`'s (one-line form) over `data`.
bool verify_signature(const std::string& data, const std::string& signature, const std::string& public_key);
// A public key file (PEM) or its one-line form, as the one-line form; invalid_config when it is not an ed25519 key.
Result<std::string> read_public_key(const std::string& file_or_text);

}  // namespace kiln::registry
