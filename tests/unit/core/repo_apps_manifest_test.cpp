#include "core/repo_apps_manifest.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/app_config.hpp"

namespace kiln {
namespace {

using ::testing::HasSubstr;

TEST(RepoAppsManifest, ReadsEveryEntry) {
  auto apps = parse_repo_apps(R"(
[[apps]]
name = "web"
path = "./services/web/"
context = "site"
buildpack = "kiln.static"
keep = 2
[apps.env]
MODE = "prod"

[[apps]]
name = "api"
path = "services/api"
target = "runtime"
[apps.build_args]
VERSION = "1"
)", "kiln.toml");
  ASSERT_TRUE(apps.ok()) << apps.error().message;
  ASSERT_EQ(apps->size(), 2u);
  const auto& web = (*apps)[0];
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.path, "services/web");
  EXPECT_EQ(web.build_dir(), "services/web/site");
  EXPECT_EQ(web.buildpack, "kiln.static");
  EXPECT_EQ(web.keep, 2);
  EXPECT_EQ(web.env.at("MODE"), "prod");
  const auto& api = (*apps)[1];
  EXPECT_EQ(api.build_dir(), "services/api");
  EXPECT_EQ(api.target, "runtime");
  EXPECT_EQ(api.build_args.at("VERSION"), "1");
}

TEST(RepoAppsManifest, OwnsOnlyFilesUnderItsPath) {
  RepoApp app;
  app.path = "services/web";
  EXPECT_TRUE(app.owns("services/web/index.html"));
  EXPECT_FALSE(app.owns("services/web2/index.html"));
  EXPECT_FALSE(app.owns("services/web"));
  EXPECT_FALSE(app.owns("README.md"));
  app.path = ".";
  EXPECT_TRUE(app.owns("README.md"));
  EXPECT_EQ(app.build_dir(), "");
}

TEST(RepoAppsManifest, NoAppsIsAOneAppRepository) {
  auto apps = parse_repo_apps("buildpack = \"kiln.static\"\n", "kiln.toml");
  ASSERT_TRUE(apps.ok()) << apps.error().message;
  EXPECT_TRUE(apps->empty());
}

TEST(RepoAppsManifest, TheAppConfigAcceptsTheAppsTable) {
  auto config = parse_app_config("buildpack = \"kiln.static\"\n[[apps]]\nname = \"web\"\npath = \"web\"\n", "kiln.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->buildpack, "kiln.static");
}

struct Refused {
  const char* text;
  const char* message;
};

class RepoAppsManifestRefuses : public ::testing::TestWithParam<Refused> {};

TEST_P(RepoAppsManifestRefuses, WithAClearError) {
  auto apps = parse_repo_apps(GetParam().text, "kiln.toml");
  ASSERT_FALSE(apps.ok()) << GetParam().text;
  EXPECT_EQ(apps.error().code, ErrorCode::InvalidConfig);
  EXPECT_THAT(apps.error().message, HasSubstr(GetParam().message));
  EXPECT_THAT(apps.error().message, HasSubstr("kiln.toml:"));
}

INSTANTIATE_TEST_SUITE_P(
    Entries, RepoAppsManifestRefuses,
    ::testing::Values(Refused{"[[apps]]\nname = \"web\"\npath = \"../other\"\n", "inside the repository"},
                      Refused{"[[apps]]\nname = \"web\"\npath = \"services/../../x\"\n", "inside the repository"},
                      Refused{"[[apps]]\nname = \"web\"\npath = \"/etc\"\n", "relative to the repository"},
                      Refused{"[[apps]]\nname = \"web\"\npath = \"web\"\ncontext = \"../..\"\n", "inside the repository"},
                      Refused{"[[apps]]\nname = \"web\"\n", "needs a 'path'"},
                      Refused{"[[apps]]\npath = \"web\"\n", "needs a 'name'"},
                      Refused{"[[apps]]\nname = \"Web App\"\npath = \"web\"\n", "'name'"},
                      Refused{"[[apps]]\nname = \"web\"\npath = \"web\"\nport = 80\n", "unknown key 'port'"},
                      Refused{"[[apps]]\nname = \"web\"\npath = \"a\"\n[[apps]]\nname = \"web\"\npath = \"b\"\n", "two [[apps]] are named 'web'"},
                      Refused{"apps = \"web\"\n", "array of tables"},
                      Refused{"[[apps]]\nname = \"web\"\npath = \"web\"\nkeep = 0\n", "'keep'"},
                      Refused{"[[apps]]\nname = \"web\"\npath = \"web\"\n[apps.env]\n\"1BAD\" = \"x\"\n", "[apps.env]"}));

}  // namespace
}  // namespace kiln
