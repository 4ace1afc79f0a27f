#include "runners/helper_container.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiln {
namespace {

using ::testing::HasSubstr;

EngineEndpoint endpoint(const std::string& address) { return *parse_engine_endpoint(address); }

TEST(HelperCreateBody, MountsTheUnixSocketAtItsOwnPathAndJoinsItsGroup) {
  HelperContainerSpec spec{"kiln/kiln:dev", {"build", "/workspace/app/shop"},
                           endpoint("unix:///run/user/1000/docker.sock"), 998u};
  auto body = helper_create_body(spec);
  EXPECT_EQ(body["Image"], "kiln/kiln:dev");
  EXPECT_EQ(body["Entrypoint"], nlohmann::json::array({"kiln"}));
  EXPECT_EQ(body["Cmd"], nlohmann::json::array({"build", "/workspace/app/shop"}));
  EXPECT_EQ(body["Env"], nlohmann::json::array({"DOCKER_HOST=unix:///run/user/1000/docker.sock"}));
  EXPECT_EQ(body["Labels"]["io.kiln.managed"], "true");
  EXPECT_EQ(body["Labels"]["io.kiln.role"], "helper");
  const auto& host = body["HostConfig"];
  EXPECT_EQ(host["NetworkMode"], "host");
  EXPECT_EQ(host["Init"], true);
  EXPECT_EQ(host["Binds"], nlohmann::json::array({"/run/user/1000/docker.sock:/run/user/1000/docker.sock"}));
  EXPECT_EQ(host["GroupAdd"], nlohmann::json::array({"998"}));
  EXPECT_FALSE(host.contains("AutoRemove") && host["AutoRemove"] == true)
      << "kiln removes the helper itself, after reading its exit code";
}

TEST(HelperCreateBody, PassesATcpEngineByAddressWithNoMount) {
  HelperContainerSpec spec{"kiln/kiln:dev", {"build", "/workspace/app/shop"}, endpoint("tcp://127.0.0.1:2375"),
                           std::nullopt};
  auto body = helper_create_body(spec);
  EXPECT_EQ(body["Env"], nlohmann::json::array({"DOCKER_HOST=tcp://127.0.0.1:2375"}));
  EXPECT_FALSE(body["HostConfig"].contains("Binds"));
  EXPECT_FALSE(body["HostConfig"].contains("GroupAdd"));
}

TEST(ContainerUser, ReadsNumericUsers) {
  auto both = parse_container_user("10001:10002", "img");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->uid, 10001u);
  EXPECT_EQ(both->gid, 10002u);
  auto uid_only = parse_container_user("10001", "img");
  ASSERT_TRUE(uid_only.ok());
  EXPECT_EQ(uid_only->gid, 10001u);
  auto root = parse_container_user("", "img");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->uid, 0u);
}

TEST(ContainerUser, AsksForANumericUserInsteadOfAName) {
  for (const char* user : {"kiln", "kiln:kiln", "10001:", "-1", "10001:staff"}) {
    auto parsed = parse_container_user(user, "acme/kiln:1");
    ASSERT_FALSE(parsed.ok()) << user;
    EXPECT_THAT(parsed.error().message, HasSubstr("acme/kiln:1"));
    EXPECT_THAT(parsed.error().message, HasSubstr("numeric USER"));
  }
}

}  // namespace
}  // namespace kiln
