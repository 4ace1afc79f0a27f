#pragma once
// Credentials for git remotes, per host pattern (kiln-server.toml's
// [[git_credentials]]): an https token or an SSH key with its known_hosts.
// They reach git through files in a private folder (mode 0700) that lives
// as long as one fetch: never on git's command line, never in a log.
//   https: a git config file, read as git's "global" config, that sends
//          "Authorization: Basic ..." to that host only (http.<url>.extraHeader);
//   ssh:   GIT_SSH_COMMAND with -i KEY, IdentitiesOnly, StrictHostKeyChecking=yes
//          and UserKnownHostsFile=KNOWN_HOSTS: an unknown host key fails the fetch.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "sources/scratch_folder.hpp"

namespace kiln {

struct GitCredential {
  std::string host;                          // "git.example.com" or "*.example.com" (any subdomain)
  std::string username = "x-access-token";   // https: the user sent with the token
  std::string token;                         // https
  std::filesystem::path ssh_key_file;        // ssh: a private key without passphrase
  std::filesystem::path known_hosts_file;    // ssh: required with a key
};

// Refuses a rule that cannot work or would accept any host key; `where` names it in the error.
Status check_git_credential(const GitCredential& credential, const std::string& where);

// The host a validated git URL names, lower case, without user or port; empty for file://.
std::string git_url_host(const std::string& url);

// True when `pattern` ("host" or "*.domain") names `host`; both compared case-insensitively.
bool git_host_matches(const std::string& pattern, const std::string& host);

// The first rule whose pattern names the URL's host, or null.
const GitCredential* git_credential_for(const std::vector<GitCredential>& rules, const std::string& url);

// The files one fetch uses, removed when this goes away.
class GitCredentialFiles {
 public:
  GitCredentialFiles() = default;
  GitCredentialFiles(const GitCredentialFiles&) = delete;
  GitCredentialFiles& operator=(const GitCredentialFiles&) = delete;

  // Writes what `credential` needs for `url` over `transport` ("https", "http", "ssh").
  // With no credential, ssh still checks host keys strictly against the user's known_hosts.
  Status write(const GitCredential* credential, const std::string& url, const std::string& transport);
  // Variables for git's environment (GIT_CONFIG_GLOBAL, GIT_SSH_COMMAND); paths only, never a secret.
  const std::vector<std::pair<std::string, std::string>>& env() const { return env_; }

 private:
  std::optional<ScratchFolder> folder_;
  std::vector<std::pair<std::string, std::string>> env_;
};

}  // namespace kiln
