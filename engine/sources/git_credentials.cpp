#include "sources/git_credentials.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace kiln {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string base64(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool is_pattern_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }

// GIT_SSH_COMMAND goes through a shell: a path is single-quoted there, so it may not hold a quote.
std::optional<std::string> check_path(const fs::path& path, const std::string& key) {
  auto text = path.string();
  if (!path.is_absolute()) return key + " must be an absolute path";
  for (char c : text)
    if (c == '\'' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return key + " must not contain quotes or control characters";
  return std::nullopt;
}

std::string shell_quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// "https://user@host:8443/x.git" -> "https://host:8443/": the scope git's http.<url>.* settings match.
std::string http_scope(const std::string& url) {
  auto separator = url.find("://");
  auto start = separator + 3;
  auto end = url.find('/', start);
  auto authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  return lower(url.substr(0, separator)) + "://" + lower(authority) + "/";
}

Status write_private_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Error{ErrorCode::FetchFailed, "cannot write git credential file " + file.string()};
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  return Ok{};
}

}  // namespace

Status check_git_credential(const GitCredential& credential, const std::string& where) {
  auto fail = [&](const std::string& why) { return Error{ErrorCode::InvalidConfig, where + ": " + why}; };
  const auto& host = credential.host;
  auto bare = host.rfind("*.", 0) == 0 ? host.substr(2) : host;
  if (bare.empty() || bare.front() == '.' || bare.front() == '-' || !std::all_of(bare.begin(), bare.end(), is_pattern_char))
    return fail("host must be a host name or '*.domain', got '" + host + "'");
  bool https = !credential.token.empty();
  bool ssh = !credential.ssh_key_file.empty();
  if (https == ssh) return fail("give either token (https) or ssh_key_file (ssh)");
  if (https) {
    for (char c : credential.token + credential.username)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return fail("token and username must not contain control characters");
    if (credential.username.find(':') != std::string::npos) return fail("username must not contain ':'");
    return Ok{};
  }
  if (credential.known_hosts_file.empty())
    return fail("ssh_key_file needs known_hosts_file: kiln never accepts an unknown host key");
  for (const auto& [path, key] : {std::pair{credential.ssh_key_file, "ssh_key_file"}, std::pair{credential.known_hosts_file, "known_hosts_file"}})
    if (auto bad = check_path(path, key)) return fail(*bad);
  return Ok{};
}

std::string git_url_host(const std::string& url) {
  std::string authority;
  if (auto separator = url.find("://"); separator != std::string::npos) {
    if (lower(url.substr(0, separator)) == "file") return "";
    auto start = separator + 3;
    authority = url.substr(start, url.find('/', start) - start);
    if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
    if (!authority.empty() && authority.front() == '[') return lower(authority.substr(1, authority.find(']') - 1));
    authority = authority.substr(0, authority.find(':'));
  } else {
    authority = url.substr(0, url.find(':'));  // user@host:path
    if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  }
  return lower(authority);
}

bool git_host_matches(const std::string& pattern, const std::string& host) {
  auto p = lower(pattern);
  auto h = lower(host);
  if (p.rfind("*.", 0) == 0) {
    auto suffix = p.substr(1);  // ".domain"
    return h.size() > suffix.size() && h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return p == h;
}

const GitCredential* git_credential_for(const std::vector<GitCredential>& rules, const std::string& url) {
  auto host = git_url_host(url);
  if (host.empty()) return nullptr;
  for (const auto& rule : rules)
    if (git_host_matches(rule.host, host)) return &rule;
  return nullptr;
}

Status GitCredentialFiles::write(const GitCredential* credential, const std::string& url, const std::string& transport) {
  env_.clear();
  if (transport == "ssh") {
    // Strict host keys always: against the user's known_hosts when no rule names the host.
    std::string command = "ssh -o BatchMode=yes -o StrictHostKeyChecking=yes";
    if (credential && !credential->ssh_key_file.empty())
      command += " -o IdentitiesOnly=yes -o IdentityAgent=none -i " + shell_quoted(credential->ssh_key_file) +
                 " -o UserKnownHostsFile=" + shell_quoted(credential->known_hosts_file);
    env_.emplace_back("GIT_SSH_COMMAND", command);
    return Ok{};
  }
  if (!credential || credential->token.empty() || (transport != "https" && transport != "http")) return Ok{};
  folder_.emplace("kiln-git-credentials");
  if (folder_->path().empty()) return Error{ErrorCode::FetchFailed, "cannot create a private folder for git credentials"};
  auto config = folder_->path() / "gitconfig";
  // Scoped to this host: a redirect to another one does not get the header.
  auto text = "[http \"" + http_scope(url) + "\"]\n\textraHeader = Authorization: Basic " +
              base64(credential->username + ":" + credential->token) + "\n";
  if (auto written = write_private_file(config, text); !written) return written;
  env_.emplace_back("GIT_CONFIG_GLOBAL", config.string());
  return Ok{};
}

}  // namespace kiln
