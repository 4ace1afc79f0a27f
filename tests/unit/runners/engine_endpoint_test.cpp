#include "runners/engine_endpoint.hpp"

#include <gtest/gtest.h>

#include "runners/container_client.hpp"
#include "runners/docker_engine.hpp"
#include "runners/http_transport.hpp"

namespace kiln {
namespace {

TEST(EngineEndpoint, ParsesUnixAndTcp) {
  auto unix_socket = parse_engine_endpoint("unix:///run/podman/podman.sock");
  ASSERT_TRUE(unix_socket.ok());
  EXPECT_EQ(unix_socket->socket_path, "/run/podman/podman.sock");
  auto tcp = parse_engine_endpoint("tcp://127.0.0.1:2375");
  ASSERT_TRUE(tcp.ok());
  EXPECT_EQ(tcp->host, "127.0.0.1");
  EXPECT_EQ(tcp->port, 2375);
  EXPECT_EQ(tcp->describe(), "tcp://127.0.0.1:2375");
}

TEST(EngineEndpoint, RefusesWhatItCannotUse) {
  for (const char* bad : {"", "docker.sock", "unix://relative.sock", "tcp://host", "tcp://host:99999",
                          "tcp://host:80x", "http://host:80", "tcp://ho st:80"}) {
    auto parsed = parse_engine_endpoint(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) EXPECT_NE(parsed.error().message.find("expected unix://"), std::string::npos);
  }
}

TEST(DockerEngine, SaysClearlyWhenNothingAnswers) {
  auto engine = DockerEngine::connect("unix:///nonexistent/kiln-test.sock");
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.error().code, ErrorCode::EngineUnavailable);
  EXPECT_NE(engine.error().message.find("/nonexistent/kiln-test.sock"), std::string::npos);
  EXPECT_NE(engine.error().message.find("start-engine.sh"), std::string::npos);
}

TEST(DockerEngine, ComparesApiVersionsNumerically) {
  EXPECT_LT(compare_api_versions("1.9", "1.41"), 0);
  EXPECT_EQ(compare_api_versions("1.41", "1.41"), 0);
  EXPECT_GT(compare_api_versions("1.43", "1.41"), 0);
  EXPECT_EQ(url_encode("a b/c?d=&"), "a%20b%2Fc%3Fd%3D%26");
}

TEST(LineSplitter, SplitsAcrossChunks) {
  std::vector<std::string> lines;
  LineSplitter splitter([&](std::string_view l) { lines.emplace_back(l); });
  splitter.feed("{\"a\":1}\r\n{\"b\"");
  splitter.feed(":2}\n\n{\"c\":3}");
  splitter.finish();
  EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
}

TEST(ContainerLogs, Demultiplexes) {
  std::string raw;
  auto frame = [&](char stream, const std::string& text) {
    raw += std::string{stream, 0, 0, 0};
    raw += std::string{0, 0, static_cast<char>(text.size() >> 8), static_cast<char>(text.size() & 0xff)};
    raw += text;
  };
  frame(1, "listening on 3000\n");
  frame(2, "warning: dev mode\n");
  EXPECT_EQ(demultiplex_logs(raw), "listening on 3000\nwarning: dev mode\n");
  EXPECT_EQ(demultiplex_logs("plain tty text\n"), "plain tty text\n");
}

}  // namespace
}  // namespace kiln
