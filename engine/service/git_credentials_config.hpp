#pragma once
// kiln-server.toml's git credentials, one table per host pattern:
//
//   [[git_credentials]]
//   host = "git.example.com"        # or "*.example.com"
//   token_file = "/etc/kiln/git-token"   # https (or token = "..."); username = "x-access-token" by default
//
//   [[git_credentials]]
//   host = "ssh.example.com"
//   ssh_key_file = "/etc/kiln/deploy_key"
//   known_hosts_file = "/etc/kiln/known_hosts"   # required: an unknown host key fails the fetch
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/result.hpp"
#include "sources/git_credentials.hpp"

namespace kiln::service {

// Reads the array of tables; a token_file is read here, once. Errors name the file and line.
Result<std::vector<GitCredential>> read_git_credentials(const toml::node& node, const std::string& origin);

// The secrets in `rules` (their tokens), for a SecretMasker.
std::vector<std::string> git_credential_secrets(const std::vector<GitCredential>& rules);

}  // namespace kiln::service
