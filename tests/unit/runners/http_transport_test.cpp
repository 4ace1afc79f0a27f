#include "runners/http_transport.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include <httplib.h>

#include "runners/docker_engine.hpp"
#include "unit/sources/loopback.hpp"

namespace kiln {
namespace {

// A stand-in for the engine's /build on 127.0.0.1: a refusal is one JSON document with the
// engine's words, a build is a stream of JSON lines.
class FakeEngine {
 public:
  FakeEngine() {
    server_.Post("/build-refused", [](const httplib::Request&, httplib::Response& response) {
      response.status = 400;
      response.set_content(R"({"message":"dockerfile parse error line 16: unknown instruction: APK"})", "application/json");
    });
    server_.Post("/build-streamed", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("{\"stream\":\"Step 1/2 : FROM scratch\\n\"}\n{\"aux\":{\"ID\":\"sha256:abc\"}}\n",
                           "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    testing::wait_until_running(server_);
  }
  ~FakeEngine() {
    server_.stop();
    thread_.join();
  }
  HttpTransport transport() const { return HttpTransport(*parse_engine_endpoint("tcp://127.0.0.1:" + std::to_string(port_))); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(HttpTransport, AnErrorAnswerToAStreamedRequestKeepsTheEnginesWords) {
  FakeEngine engine;
  std::string streamed;
  HttpRequest request;
  request.method = "POST";
  request.path = "/build-refused";
  request.on_data = [&](std::string_view chunk) { streamed.append(chunk); };
  auto response = engine.transport().send(request);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(streamed, "") << "an error document is not the build stream";
  EXPECT_EQ(engine_error_message(*response), "dockerfile parse error line 16: unknown instruction: APK");
}

TEST(HttpTransport, ASuccessfulAnswerIsStreamedAsBefore) {
  FakeEngine engine;
  std::string streamed;
  HttpRequest request;
  request.method = "POST";
  request.path = "/build-streamed";
  request.on_data = [&](std::string_view chunk) { streamed.append(chunk); };
  auto response = engine.transport().send(request);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(streamed.find("Step 1/2"), std::string::npos);
  EXPECT_EQ(response->body, "");
}

TEST(EngineErrorMessage, TheBodysMessageOrTheBodyOrTheStatus) {
  EXPECT_EQ(engine_error_message({400, R"({"message":"no such image"})", {}}), "no such image");
  EXPECT_EQ(engine_error_message({502, "bad gateway\n", {}}), "bad gateway\n");
  EXPECT_EQ(engine_error_message({400, "", {}}), "HTTP 400");
}

}  // namespace
}  // namespace kiln
