#include "core/app_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiln {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(AppConfig, ReadsEveryKey) {
  auto config = parse_app_config(R"(
buildpack = "kiln.python"
context = "services/api"
install = "pip install -r requirements.txt"
build = "python manage.py collectstatic --noinput"
start = "gunicorn app:app"
port = 8000
build_image = "python"
run_image = "python:3.12-slim"
packages = ["libpq-dev"]
run_packages = ["libpq5"]
dockerfile = "deploy/Dockerfile"
target = "runtime"
service = "web"
[env]
DJANGO_SETTINGS_MODULE = "site.settings"
[build_args]
VERSION = "1.0"
[stacks]
node = "node:20-bookworm-slim"
[buildpack_options]
flavour = "extra"
)", "kiln.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->buildpack, "kiln.python");
  EXPECT_EQ(config->context, "services/api");
  EXPECT_EQ(config->port, 8000);
  EXPECT_EQ(config->run_image, "python:3.12-slim");
  EXPECT_EQ(config->packages, std::vector<std::string>{"libpq-dev"});
  EXPECT_EQ(config->env.at("DJANGO_SETTINGS_MODULE"), "site.settings");
  EXPECT_EQ(config->build_args.at("VERSION"), "1.0");
  EXPECT_EQ(config->stacks.at("node"), "node:20-bookworm-slim");
  EXPECT_EQ(config->buildpack_options.at("flavour"), "extra");
}

struct BadConfig {
  const char* text;
  const char* expected;  // in the message, after "kiln.toml:<line>: "
};

class AppConfigErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(AppConfigErrors, NameTheKeyAndTheLine) {
  auto config = parse_app_config(GetParam().text, "kiln.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::InvalidConfig);
  EXPECT_THAT(config.error().message, AllOf(HasSubstr("kiln.toml:3:"), HasSubstr(GetParam().expected)));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AppConfigErrors,
    ::testing::Values(BadConfig{"# app\n\nprot = 8080\n", "unknown key 'prot'"},
                      BadConfig{"\n\nruntime_versions = \"closest\"\n", "'runtime_versions' must be \"exact\" or \"nearest\""},
                      BadConfig{"\n\nport = \"8080\"\n", "'port' must be an integer"},
                      BadConfig{"\n\nport = 70000\n", "outside 1..65535"},
                      BadConfig{"\n\ncontext = \"../../etc\"\n", "must not contain '..'"},
                      BadConfig{"\n\ncontext = \"/etc\"\n", "must be relative"},
                      BadConfig{"\n\npackages = [\"curl; rm -rf /\"]\n", "invalid Debian package name"},
                      BadConfig{"[env]\nOK = \"1\"\n\"BAD-NAME\" = \"x\"\n", "invalid variable name"},
                      BadConfig{"[env]\n\nA = \"line\\nbreak\"\n", "line break"},
                      BadConfig{"\n\nstart = [\"npm\"]\n", "'start' must be a string"},
                      BadConfig{"\n\nbuild_image = \"node:20 AS x\\nRUN evil\"\n", "line break"},
                      BadConfig{"\n\nport = = 3\n", "kiln.toml:3"}));

TEST(AppConfig, ReadsTheRuntimeVersionPolicy) {
  auto config = parse_app_config("runtime_versions = \"nearest\"\n", "kiln.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->runtime_versions, "nearest");
}

TEST(AppConfig, MergeLetsTheCommandLineWin) {
  AppConfig file;
  file.port = 3000;
  file.env = {{"A", "1"}, {"B", "2"}};
  AppConfig cli;
  cli.port = 4000;
  cli.env = {{"B", "3"}};
  file.merge_from(cli);
  EXPECT_EQ(file.port, 4000);
  EXPECT_EQ(file.env.at("A"), "1");
  EXPECT_EQ(file.env.at("B"), "3");
}

}  // namespace
}  // namespace kiln
