#include "service/git_credentials_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/secret_masker.hpp"
#include "service/server_config.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln::service {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(GitCredentialsConfigTest, ReadsTokenAndSshRulesInOrder) {
  testing::TempDir tmp;
  auto token_file = tmp.write("token", "glpat-from-a-file\n");
  auto config = parse_server_config(R"(
[[git_credentials]]
host = "*.corp.example"
token_file = ")" + token_file.string() + R"("
username = "oauth2"

[[git_credentials]]
host = "git.example.com"
token = "inline-token-123"

[[git_credentials]]
host = "ssh.example.com"
ssh_key_file = "/etc/kiln/deploy_key"
known_hosts_file = "/etc/kiln/known_hosts"
)", "kiln-server.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  const auto& rules = config->git_credentials;
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].host, "*.corp.example");
  EXPECT_EQ(rules[0].token, "glpat-from-a-file");  // the file's line break is not part of it
  EXPECT_EQ(rules[0].username, "oauth2");
  EXPECT_EQ(rules[1].username, "x-access-token");
  EXPECT_EQ(rules[2].ssh_key_file, "/etc/kiln/deploy_key");
  EXPECT_EQ(rules[2].known_hosts_file, "/etc/kiln/known_hosts");
  EXPECT_EQ(git_credential_for(rules, "https://deploy@git.corp.example/team/app.git"), &rules[0]);
  EXPECT_EQ(git_credential_for(rules, "git@ssh.example.com:team/app.git"), &rules[2]);
  EXPECT_EQ(git_credential_for(rules, "https://other.example.org/app.git"), nullptr);
}

TEST(GitCredentialsConfigTest, SshKeyWithoutKnownHostsIsRefusedNamingTheLine) {
  auto config = parse_server_config("\n[[git_credentials]]\nhost = \"ssh.example.com\"\nssh_key_file = \"/k\"\n", "s.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::InvalidConfig);
  EXPECT_THAT(config.error().message, AllOf(HasSubstr("s.toml:2"), HasSubstr("known_hosts_file"), HasSubstr("never accepts")));
}

TEST(GitCredentialsConfigTest, RefusesWhatCannotWork) {
  for (const auto* text : {
           "[[git_credentials]]\nhost = \"h\"\n",                                    // neither token nor key
           "[[git_credentials]]\nhost = \"h\"\ntoken = \"t\"\nssh_key_file = \"/k\"\nknown_hosts_file = \"/h\"\n",
           "[[git_credentials]]\nhost = \"-h\"\ntoken = \"t\"\n",                    // not a host
           "[[git_credentials]]\nhost = \"h/x\"\ntoken = \"t\"\n",
           "[[git_credentials]]\nhost = \"h\"\ntoken = \"t\"\nusername = \"a:b\"\n",
           "[[git_credentials]]\nhost = \"h\"\nssh_key_file = \"k\"\nknown_hosts_file = \"/h\"\n",  // relative
           "[[git_credentials]]\nhost = \"h\"\nssh_key_file = \"/it's\"\nknown_hosts_file = \"/h\"\n",
           "[[git_credentials]]\nhost = \"h\"\ntoken = \"t\"\npassword = \"p\"\n",  // unknown key
           "[[git_credentials]]\nhost = \"h\"\ntoken_file = \"/no/such/file\"\n",
           "git_credentials = \"h\"\n",
       }) {
    auto config = parse_server_config(text, "s.toml");
    EXPECT_FALSE(config.ok()) << text;
    if (!config.ok()) EXPECT_EQ(config.error().code, ErrorCode::InvalidConfig) << text;
  }
}

TEST(GitCredentialsConfigTest, TokensAreTheSecretsToMask) {
  std::vector<GitCredential> rules(2);
  rules[0].token = "tok-one-secret";
  rules[1].ssh_key_file = "/k";
  auto secrets = git_credential_secrets(rules);
  ASSERT_EQ(secrets, std::vector<std::string>{"tok-one-secret"});
  SecretMasker masker(secrets);
  EXPECT_EQ(masker.mask("remote: bad token tok-one-secret here"), "remote: bad token *** here");
}

}  // namespace
}  // namespace kiln::service
