#include "sources/git_credentials.hpp"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiln {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string env_value(const GitCredentialFiles& files, const std::string& name) {
  for (const auto& [key, value] : files.env())
    if (key == name) return value;
  return "";
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GitCredentialsTest, HostOfEveryUrlShape) {
  EXPECT_EQ(git_url_host("https://user:tok@Git.Example.com:8443/a/b.git"), "git.example.com");
  EXPECT_EQ(git_url_host("ssh://git@host.example/a.git"), "host.example");
  EXPECT_EQ(git_url_host("git@Host.Example:org/app.git"), "host.example");
  EXPECT_EQ(git_url_host("git://127.0.0.1:9418/app"), "127.0.0.1");
  EXPECT_EQ(git_url_host("https://[::1]:8080/app"), "::1");
  EXPECT_EQ(git_url_host("file:///srv/app.git"), "");
}

TEST(GitCredentialsTest, PatternsMatchAHostOrItsSubdomains) {
  EXPECT_TRUE(git_host_matches("git.example.com", "GIT.example.com"));
  EXPECT_FALSE(git_host_matches("git.example.com", "evilgit.example.com"));
  EXPECT_TRUE(git_host_matches("*.example.com", "a.b.example.com"));
  EXPECT_FALSE(git_host_matches("*.example.com", "example.com"));
  EXPECT_FALSE(git_host_matches("*.example.com", "badexample.com"));
}

TEST(GitCredentialsTest, TokenGoesToAFileScopedToTheHostNeverToTheEnvironment) {
  GitCredential rule;
  rule.host = "git.example.com";
  rule.token = "s3cr3t-token";
  GitCredentialFiles files;
  ASSERT_TRUE(files.write(&rule, "https://deploy@git.example.com:8443/team/app.git", "https").ok());
  auto config = env_value(files, "GIT_CONFIG_GLOBAL");
  ASSERT_FALSE(config.empty());
  for (const auto& [key, value] : files.env()) EXPECT_THAT(value, Not(HasSubstr("s3cr3t")));
  auto text = read_file(config);
  // base64("x-access-token:s3cr3t-token")
  EXPECT_THAT(text, HasSubstr("[http \"https://git.example.com:8443/\"]"));
  EXPECT_THAT(text, HasSubstr("extraHeader = Authorization: Basic eC1hY2Nlc3MtdG9rZW46czNjcjN0LXRva2Vu"));
  auto perms = std::filesystem::status(config).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all), std::filesystem::perms::none);
}

TEST(GitCredentialsTest, FilesGoWithTheirOwner) {
  GitCredential rule;
  rule.token = "t";
  std::filesystem::path config;
  {
    GitCredentialFiles files;
    ASSERT_TRUE(files.write(&rule, "https://h.example/app.git", "https").ok());
    config = env_value(files, "GIT_CONFIG_GLOBAL");
    EXPECT_TRUE(std::filesystem::exists(config));
  }
  EXPECT_FALSE(std::filesystem::exists(config));
  EXPECT_FALSE(std::filesystem::exists(config.parent_path()));
}

TEST(GitCredentialsTest, SshChecksHostKeysStrictlyWithOrWithoutAKey) {
  GitCredentialFiles plain;
  ASSERT_TRUE(plain.write(nullptr, "git@h.example:app.git", "ssh").ok());
  EXPECT_THAT(env_value(plain, "GIT_SSH_COMMAND"), HasSubstr("StrictHostKeyChecking=yes"));

  GitCredential rule;
  rule.host = "h.example";
  rule.ssh_key_file = "/etc/kiln/deploy key";
  rule.known_hosts_file = "/etc/kiln/known_hosts";
  GitCredentialFiles keyed;
  ASSERT_TRUE(keyed.write(&rule, "git@h.example:app.git", "ssh").ok());
  auto command = env_value(keyed, "GIT_SSH_COMMAND");
  EXPECT_THAT(command, HasSubstr("StrictHostKeyChecking=yes"));
  EXPECT_THAT(command, HasSubstr("-i '/etc/kiln/deploy key'"));
  EXPECT_THAT(command, HasSubstr("UserKnownHostsFile='/etc/kiln/known_hosts'"));
  EXPECT_THAT(command, HasSubstr("IdentitiesOnly=yes"));
}

TEST(GitCredentialsTest, ATokenIsNeverSentOverAnotherTransport) {
  GitCredential rule;
  rule.token = "t";
  GitCredentialFiles files;
  ASSERT_TRUE(files.write(&rule, "git://h.example/app", "git").ok());
  EXPECT_TRUE(files.env().empty());
}

}  // namespace
}  // namespace kiln
