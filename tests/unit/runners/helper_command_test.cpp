#include "runners/helper_command.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiln {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

HelperCommandInput input_with(std::vector<GivenOption> build_options) {
  HelperCommandInput input;
  input.app_path = "/workspace/app/shop";
  input.build_options = std::move(build_options);
  return input;
}

TEST(HelperCommand, ForwardsBuildOptionsByNameWithEachValue) {
  auto argv = helper_command(input_with({{"--tag", {"shop:1", "registry:5000/shop:1"}},
                                         {"--env", {"A=1"}},
                                         {"--no-cache", {"true"}},
                                         {"--stack", {"node=node:20"}}}));
  ASSERT_TRUE(argv.ok()) << argv.error().message;
  EXPECT_THAT(*argv, ElementsAre("build", "/workspace/app/shop", "--tag=shop:1", "--tag=registry:5000/shop:1",
                                 "--env=A=1", "--no-cache=true", "--stack=node=node:20"));
}

TEST(HelperCommand, KeepsAValueThatLooksLikeAnOptionAValue) {
  auto argv = helper_command(input_with({{"--label", {"--engine=tcp://evil:2375"}}}));
  ASSERT_TRUE(argv.ok());
  EXPECT_THAT(*argv, ElementsAre("build", "/workspace/app/shop", "--label=--engine=tcp://evil:2375"));
}

TEST(HelperCommand, LeavesHostSideOptionsOnTheHost) {
  auto argv = helper_command(input_with({{"--isolation", {"helper"}},
                                         {"--helper-image", {"kiln/kiln:dev"}},
                                         {"--engine", {"unix:///var/run/docker.sock"}},
                                         {"--timeout", {"10m"}},
                                         {"--registry-password-stdin", {"true"}},
                                         {"--registry-password-file", {"/home/me/pw"}},
                                         {"--ca-bundle", {"/etc/ssl/certs/ca-certificates.crt"}},
                                         {"--push", {"registry:5000/shop:1"}}}));
  ASSERT_TRUE(argv.ok());
  EXPECT_THAT(*argv, ElementsAre("build", "/workspace/app/shop", "--push=registry:5000/shop:1"));
}

TEST(HelperCommand, PointsTheHandedOverFilesAtTheirCopiesInTheHelper) {
  auto input = input_with({{"--ca-bundle", {"/etc/ssl/certs/ca-certificates.crt"}}});
  input.has_ca_bundle = true;
  input.has_password = true;
  auto argv = helper_command(input);
  ASSERT_TRUE(argv.ok());
  EXPECT_THAT(*argv, ElementsAre("build", "/workspace/app/shop", "--ca-bundle=/workspace/inputs/ca.pem",
                                 "--registry-password-file=/workspace/inputs/registry-password"));
}

TEST(HelperCommand, PutsKilnsOwnOptionsBeforeTheCommand) {
  auto input = input_with({});
  input.global_options = {{"--no-bundled", {"true"}}, {"--help", {}}};
  auto argv = helper_command(input);
  ASSERT_TRUE(argv.ok());
  EXPECT_THAT(*argv, ElementsAre("--no-bundled=true", "build", "/workspace/app/shop"));
}

TEST(HelperCommand, RefusesAPluginFolderOfTheHost) {
  auto input = input_with({});
  input.global_options = {{"--plugin-dir", {"/home/me/buildpacks"}}};
  auto argv = helper_command(input);
  ASSERT_FALSE(argv.ok());
  EXPECT_EQ(argv.error().code, ErrorCode::InvalidRequest);
  EXPECT_THAT(argv.error().message, HasSubstr("--plugin-dir"));
  EXPECT_THAT(argv.error().message, HasSubstr("--helper-image"));
}

TEST(HelperAppFolderName, KeepsTheHostNameSoTagsAndTitlesMatch) {
  EXPECT_EQ(helper_app_folder_name("shop"), "shop");
  EXPECT_EQ(helper_app_folder_name("My Shop (v2)"), "My Shop (v2)");
  EXPECT_EQ(helper_app_folder_name("-rf"), "-rf");  // always behind /workspace/app/, never an option
}

TEST(HelperAppFolderName, FallsBackToAppForNamesThatAreNotOneComponent) {
  for (const char* bad : {"", ".", "..", "a/b", "line\nbreak"}) EXPECT_EQ(helper_app_folder_name(bad), "app") << bad;
  EXPECT_EQ(helper_app_folder_name(std::string(300, 'a')), "app");
}

}  // namespace
}  // namespace kiln
