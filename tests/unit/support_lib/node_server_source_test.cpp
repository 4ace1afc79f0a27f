#include <gtest/gtest.h>

#include <kiln/support/node_server_source.hpp>

using kiln::support::is_node_worker;
using kiln::support::node_listen_port;
using kiln::support::PackageJson;

TEST(NodeListenPort, AFixedPortWinsOverADefault) {
  EXPECT_EQ(node_listen_port("const port = process.env.PORT || 8080\napp.listen(port)"), 8080);
  EXPECT_EQ(node_listen_port("await app.listen(process.env.PORT ?? 3000);"), 3000);
  EXPECT_EQ(node_listen_port("const port = process.env['PORT'] || 4000;"), 4000);
  EXPECT_EQ(node_listen_port("const PORT = 5000;\nserver.listen(9000, () => {})"), 9000);
  EXPECT_EQ(node_listen_port("app.listen( 7000 )"), 7000);
}

TEST(NodeListenPort, IgnoresWhatIsNoPort) {
  EXPECT_FALSE(node_listen_port("app.listen(port)"));
  EXPECT_FALSE(node_listen_port("const db = process.env.DB_PORT || 5432"));
  EXPECT_FALSE(node_listen_port("app.listen(99999)"));
  EXPECT_FALSE(node_listen_port(""));
}

TEST(NodeWorker, ABotWithNoServerIsAWorker) {
  auto bot = PackageJson::parse(R"({"dependencies": {"discord.js": "^14", "dotenv": "^16"}})");
  EXPECT_TRUE(is_node_worker("client.login(process.env.DISCORD_TOKEN);", bot));
  // The same bot with a health endpoint serves HTTP.
  EXPECT_FALSE(is_node_worker("http.createServer((q, r) => r.end('ok')).listen(process.env.PORT)", bot));
}

TEST(NodeWorker, ServerLibrariesOrUnknownAppsAreNotWorkers) {
  auto api = PackageJson::parse(R"({"dependencies": {"express": "^4", "bullmq": "^5"}})");
  EXPECT_FALSE(is_node_worker("import './queue.js'", api));
  auto plain = PackageJson::parse(R"({"dependencies": {"lodash": "^4"}})");
  EXPECT_FALSE(is_node_worker("console.log('hi')", plain));
}
