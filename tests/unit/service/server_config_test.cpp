#include "service/server_config.hpp"

#include <gtest/gtest.h>

namespace kiln::service {
namespace {

TEST(ServerConfig, DefaultsWorkOnOneMachine) {
  auto config = parse_server_config("", "kiln-server.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 7878);
  EXPECT_EQ(config->data_dir, "kiln-data");
  EXPECT_TRUE(check_server_config(*config).ok());
}

TEST(ServerConfig, ReadsEveryKey) {
  auto config = parse_server_config(R"(
listen = "0.0.0.0:9000"
data_dir = "/var/lib/kiln"
max_concurrent_builds = 4
max_queued_builds = 10
build_timeout = "5m"
shutdown_grace = "10s"
max_upload_size = "64m"
tokens = ["0123456789abcdef0123"]
log_format = "json"
access_log = false
allow_file_git_urls = true
[stacks]
node = "node:20-slim"
)", "s.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->port, 9000);
  EXPECT_EQ(config->max_concurrent_builds, 4);
  EXPECT_EQ(config->build_timeout.count(), 300);
  EXPECT_EQ(config->max_upload_bytes, 64ll << 20);
  EXPECT_EQ(config->stacks.at("node"), "node:20-slim");
  EXPECT_FALSE(config->access_log);
  EXPECT_TRUE(check_server_config(*config).ok());
}

TEST(ServerConfig, ErrorsNameTheLine) {
  auto config = parse_server_config("listen = \"127.0.0.1:1\"\nmax_concurent_builds = 3\n", "s.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message, "s.toml:2: unknown key 'max_concurent_builds'");
  EXPECT_FALSE(parse_server_config("max_concurrent_builds = 0", "s.toml").ok());
  EXPECT_FALSE(parse_server_config("listen = \"nowhere\"", "s.toml").ok());
  EXPECT_FALSE(parse_server_config("log_format = \"xml\"", "s.toml").ok());
}

TEST(ServerConfig, RefusesAnOpenAddressWithoutTokens) {
  auto config = parse_server_config("listen = \"0.0.0.0:7878\"", "s.toml");
  ASSERT_TRUE(config.ok());
  auto checked = check_server_config(*config);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.error().message.find("without API tokens"), std::string::npos);
  config->tokens = {"short"};
  EXPECT_FALSE(check_server_config(*config).ok());
  config->tokens = {"a-long-enough-token-1234"};
  EXPECT_TRUE(check_server_config(*config).ok());
}

}  // namespace
}  // namespace kiln::service
