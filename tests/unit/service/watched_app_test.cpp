#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/server_config.hpp"

namespace kiln::service {
namespace {

using ::testing::HasSubstr;

TEST(WatchedApps, ReadFromTheServerConfig) {
  auto config = parse_server_config(R"(
[[apps]]
name = "shop"
repo = "https://git.example.com/team/shop.git"
branch = "release/1.x"
context = "services/shop"
interval = "30s"
image = "{registry}/{namespace}/{app}:{branch}-{short_sha}"
registry = "127.0.0.1:5000"
namespace = "team"
keep = 3
buildpack = "node"
webhook_secret = "sixteen-chars-at-least"

[[apps]]
name = "admin"
repo = "git://127.0.0.1:9418/admin.git"
)", "s.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_EQ(config->apps.size(), 2u);
  const auto& shop = config->apps[0];
  EXPECT_EQ(shop.branch, "release/1.x");
  EXPECT_EQ(shop.context, "services/shop");
  EXPECT_EQ(shop.interval.count(), 30);
  EXPECT_EQ(shop.keep, 3);
  EXPECT_EQ(*expand_image_template(shop, {"0123456789abcdef0123456789abcdef01234567", 0}),
            "127.0.0.1:5000/team/shop:release-1.x-0123456789ab");
  const auto& admin = config->apps[1];
  EXPECT_EQ(admin.branch, "main");
  EXPECT_EQ(admin.interval.count(), 60);
  EXPECT_EQ(*expand_image_template(admin, {std::string(40, 'f'), 1700000000}), "admin:ffffffffffff");
}

TEST(WatchedApps, EmptyPlaceholdersLeaveAValidReference) {
  WatchedApp app;
  app.name = "shop";
  app.image_template = "{registry}/{namespace}/{app}:{timestamp}";
  EXPECT_EQ(*expand_image_template(app, {std::string(40, 'a'), 1700000000}), "shop:20231114221320");
}

TEST(WatchedApps, BadEntriesAreRefusedWithTheirLine) {
  auto refused = [](const std::string& toml) {
    auto config = parse_server_config(toml, "s.toml");
    EXPECT_FALSE(config.ok()) << toml;
    if (config.ok()) return std::string();
    EXPECT_EQ(config.error().code, ErrorCode::InvalidConfig);
    return config.error().message;
  };
  EXPECT_THAT(refused("[[apps]]\nrepo = \"https://h/r.git\"\n"), HasSubstr("needs a 'name'"));
  EXPECT_THAT(refused("[[apps]]\nname = \"Shop\"\nrepo = \"https://h/r.git\"\n"), HasSubstr("lower-case"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\n"), HasSubstr("needs a 'repo'"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\nrepo = \"https://h/r.git\"\nbranch = \"a..b\"\n"), HasSubstr("'branch'"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\nrepo = \"https://h/r.git\"\ncontext = \"../up\"\n"), HasSubstr("s.toml:1"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\nrepo = \"https://h/r.git\"\ninterval = \"0s\"\n"), HasSubstr("at least 1s"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\nrepo = \"https://h/r.git\"\nkeep = 0\n"), HasSubstr("'apps.keep'"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\nrepo = \"https://h/r.git\"\nimage = \"{app}:bad tag\"\n"), HasSubstr("image template"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\nrepo = \"https://h/r.git\"\nwebhook_secret = \"short\"\n"), HasSubstr("16 characters"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\nrepo = \"https://h/r.git\"\ncolour = \"red\"\n"), HasSubstr("unknown key 'apps.colour'"));
  EXPECT_THAT(refused("[[apps]]\nname = \"shop\"\nrepo = \"https://h/a.git\"\n[[apps]]\nname = \"shop\"\nrepo = \"https://h/b.git\"\n"),
              HasSubstr("two apps are named 'shop'"));
}

TEST(WatchedApps, RepoUrlsFollowTheServersGitRules) {
  for (const char* repo : {"-oProxyCommand=evil", "ext::sh -c touch% /tmp/x", "file:///srv/repo.git"}) {
    auto config = parse_server_config(std::string("[[apps]]\nname = \"shop\"\nrepo = \"") + repo + "\"\n", "s.toml");
    ASSERT_TRUE(config.ok()) << config.error().message;
    auto checked = check_server_config(*config);
    EXPECT_FALSE(checked.ok()) << repo;
    if (!checked.ok()) {
      EXPECT_THAT(checked.error().message, HasSubstr("app 'shop'"));
    }
  }
  auto config = parse_server_config("allow_file_git_urls = true\n[[apps]]\nname = \"shop\"\nrepo = \"file:///srv/repo.git\"\n", "s.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(check_server_config(*config).ok());
}

}  // namespace
}  // namespace kiln::service
