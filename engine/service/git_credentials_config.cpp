#include "service/git_credentials_config.hpp"

#include <fstream>
#include <sstream>

#include "core/toml_document.hpp"

namespace kiln::service {
namespace {

Result<std::string> read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::InvalidConfig, "cannot read token_file " + path};
  std::stringstream text;
  text << in.rdbuf();
  auto token = text.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (token.empty()) return Error{ErrorCode::InvalidConfig, "token_file " + path + " is empty"};
  return token;
}

Result<GitCredential> read_rule(const toml::table& table, const std::string& origin) {
  GitCredential rule;
  std::string token_file;
  for (const auto& [name, value] : table) {
    std::string key(name.str());
    auto text = value.value<std::string>();
    if (!value.is_string() || !text) return config_error_at(origin, value, "'git_credentials." + key + "' must be a string");
    if (key == "host") rule.host = *text;
    else if (key == "username") rule.username = *text;
    else if (key == "token") rule.token = *text;
    else if (key == "token_file") token_file = *text;
    else if (key == "ssh_key_file") rule.ssh_key_file = *text;
    else if (key == "known_hosts_file") rule.known_hosts_file = *text;
    else return config_error_at(origin, value, "unknown key 'git_credentials." + key + "'");
  }
  if (!token_file.empty()) {
    if (!rule.token.empty()) return config_error_at(origin, table, "git_credentials: give token or token_file, not both");
    auto token = read_token_file(token_file);
    if (!token) return config_error_at(origin, table, "git_credentials: " + token.error().message);
    rule.token = *token;
  }
  auto where = origin + ":" + std::to_string(table.source().begin.line) + ": git_credentials";
  if (auto valid = check_git_credential(rule, where); !valid) return valid.error();
  return rule;
}

}  // namespace

Result<std::vector<GitCredential>> read_git_credentials(const toml::node& node, const std::string& origin) {
  const auto* array = node.as_array();
  if (!array) return config_error_at(origin, node, "'git_credentials' must be an array of tables ([[git_credentials]])");
  std::vector<GitCredential> rules;
  for (const auto& item : *array) {
    const auto* table = item.as_table();
    if (!table) return config_error_at(origin, item, "'git_credentials' must contain only tables");
    auto rule = read_rule(*table, origin);
    if (!rule) return rule.error();
    rules.push_back(std::move(*rule));
  }
  return rules;
}

std::vector<std::string> git_credential_secrets(const std::vector<GitCredential>& rules) {
  std::vector<std::string> secrets;
  for (const auto& rule : rules)
    if (!rule.token.empty()) secrets.push_back(rule.token);
  return secrets;
}

}  // namespace kiln::service
