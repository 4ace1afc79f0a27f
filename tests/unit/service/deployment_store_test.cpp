#include <gtest/gtest.h>

#include "service/deployment_store.hpp"
#include "service/sqlite_build_store.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln::service {
namespace {

using kiln::testing::TempDir;

Deployment deployment(const std::string& app, const std::string& commit, const std::string& build_id) {
  return Deployment{0, app, commit, app + ":" + commit.substr(0, 12), build_id, "poll", "queued", "", 1000};
}

struct Stores {
  std::unique_ptr<SqliteBuildStore> builds;
  std::unique_ptr<DeploymentStore> deployments;
};

Stores open_stores(const std::filesystem::path& file) {
  auto builds = SqliteBuildStore::open(file);
  EXPECT_TRUE(builds.ok()) << builds.error().message;
  auto deployments = DeploymentStore::open(file);
  EXPECT_TRUE(deployments.ok()) << deployments.error().message;
  return {std::move(*builds), std::move(*deployments)};
}

TEST(DeploymentStore, ACommitIsClaimedOnceEvenAfterAReopen) {
  TempDir dir;
  const auto file = dir.path() / "kiln.db";
  const std::string commit(40, 'a');
  {
    auto stores = open_stores(file);
    auto first = stores.deployments->claim(deployment("shop", commit, "b1"));
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_TRUE(*first);
    auto again = stores.deployments->claim(deployment("shop", commit, "b2"));
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again) << "the same commit of the same app was claimed twice";
    // Another app may build the same commit (two apps of one repository).
    EXPECT_TRUE(*stores.deployments->claim(deployment("admin", commit, "b3")));
  }
  auto stores = open_stores(file);
  EXPECT_FALSE(*stores.deployments->claim(deployment("shop", commit, "b4"))) << "a restart forgot the claim";
  auto latest = stores.deployments->latest("shop");
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->build_id, "b1");
  EXPECT_EQ((*latest)->commit, commit);
}

TEST(DeploymentStore, ClaimsWithoutTheirBuildAreFoundAgain) {
  TempDir dir;
  auto stores = open_stores(dir.path() / "kiln.db");
  ASSERT_TRUE(*stores.deployments->claim(deployment("shop", std::string(40, 'a'), "bsubmitted")));
  ASSERT_TRUE(*stores.deployments->claim(deployment("shop", std::string(40, 'b'), "blost")));
  BuildRecord record;
  record.id = "bsubmitted";
  record.created_at_ms = 1;
  ASSERT_TRUE(stores.builds->insert(record).ok());
  auto left = stores.deployments->unsubmitted();
  ASSERT_TRUE(left.ok()) << left.error().message;
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().build_id, "blost");
}

TEST(DeploymentStore, OutcomesAndNewestFirst) {
  TempDir dir;
  auto stores = open_stores(dir.path() / "kiln.db");
  ASSERT_TRUE(*stores.deployments->claim(deployment("shop", std::string(40, 'a'), "b1")));
  ASSERT_TRUE(*stores.deployments->claim(deployment("shop", std::string(40, 'b'), "b2")));
  ASSERT_TRUE(stores.deployments->set_outcome("b1", "succeeded", "sha256:abc").ok());
  auto open = stores.deployments->unfinished();
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().build_id, "b2");
  auto all = stores.deployments->list("shop", 10);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].build_id, "b2");
  EXPECT_EQ((*all)[1].status, "succeeded");
  EXPECT_EQ((*all)[1].digest, "sha256:abc");
  EXPECT_EQ(to_json((*all)[1]).at("created_at"), "1970-01-01T00:00:01.000Z");
  EXPECT_TRUE(stores.deployments->list("other", 10)->empty());
}

TEST(DeploymentStore, ADeliveryIsTakenOnce) {
  TempDir dir;
  const auto file = dir.path() / "kiln.db";
  {
    auto stores = open_stores(file);
    EXPECT_TRUE(*stores.deployments->first_delivery("github:72d3162e"));
    EXPECT_FALSE(*stores.deployments->first_delivery("github:72d3162e"));
    EXPECT_TRUE(*stores.deployments->first_delivery("gitlab:72d3162e"));
  }
  auto stores = open_stores(file);
  EXPECT_FALSE(*stores.deployments->first_delivery("github:72d3162e")) << "a replay after a restart was taken";
}

}  // namespace
}  // namespace kiln::service
