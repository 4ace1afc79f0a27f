#include "sources/bundle_download.hpp"

#include <httplib.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/sources/loopback.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A web server on 127.0.0.1 for the test's lifetime.
class BundleDownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bundle_ = std::string(100000, 'k') + "end";
    server_.Get("/bundle.tar.gz", [this](const httplib::Request&, httplib::Response& r) {
      r.set_content(bundle_, "application/gzip");
    });
    server_.Get("/abc", [](const httplib::Request&, httplib::Response& r) { r.set_content("abc", "text/plain"); });
    server_.Get("/missing", [](const httplib::Request&, httplib::Response& r) { r.status = 404; });
    server_.Get("/broken", [](const httplib::Request&, httplib::Response& r) { r.status = 503; });
    server_.Get("/moved", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/bundle.tar.gz"); });
    server_.Get("/loop", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/loop"); });
    server_.Get("/to-file", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("file:///etc/passwd"); });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& r) {
      r.set_content(std::string(2 << 20, 'b'), "application/gzip");
    });
    // No Content-Length: only counting the bytes as they come can stop it.
    server_.Get("/big-chunked", [](const httplib::Request&, httplib::Response& r) {
      r.set_chunked_content_provider("application/gzip", [](std::size_t, httplib::DataSink& sink) {
        std::string chunk(64 * 1024, 'c');
        for (int i = 0; i < 64; ++i)
          if (!sink.write(chunk.data(), chunk.size())) return false;
        sink.done();
        return true;
      });
    });
    // A trickle that never ends, until the client goes away or the test stops.
    server_.Get("/slow", [this](const httplib::Request&, httplib::Response& r) {
      r.set_chunked_content_provider("application/gzip", [this](std::size_t, httplib::DataSink& sink) {
        while (!stopping_) {
          if (!sink.write("s", 1)) return false;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
      });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    serving_ = std::thread([this] { server_.listen_after_bind(); });
    testing::wait_until_running(server_);
    options_.log = [this](const std::string& line) { log_.push_back(line); };
  }

  void TearDown() override {
    stopping_ = true;
    server_.stop();
    serving_.join();
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  fs::path dest() const { return tmp_.path() / "bundle.tar.gz"; }

  testing::TempDir tmp_;
  httplib::Server server_;
  std::thread serving_;
  std::atomic<bool> stopping_{false};
  int port_ = 0;
  std::string bundle_;
  DownloadOptions options_;
  std::vector<std::string> log_;
};

TEST_F(BundleDownloadTest, DownloadsAndHashes) {
  auto file = download_bundle(url("/bundle.tar.gz"), dest(), options_);
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->path, dest());
  EXPECT_EQ(file->bytes, bundle_.size());
  EXPECT_EQ(read_file(dest()), bundle_);

  auto abc = download_bundle(url("/abc"), tmp_.path() / "abc", options_);
  ASSERT_TRUE(abc.ok()) << abc.error().message;
  EXPECT_EQ(abc->sha256_hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(BundleDownloadTest, FollowsRedirects) {
  auto file = download_bundle(url("/moved"), dest(), options_);
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(read_file(dest()), bundle_);
}

TEST_F(BundleDownloadTest, NamesTheHttpStatus) {
  auto missing = download_bundle(url("/missing"), dest(), options_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::FetchFailed);
  EXPECT_THAT(missing.error().message, HasSubstr("404"));
  EXPECT_FALSE(fs::exists(dest()));
  auto broken = download_bundle(url("/broken"), dest(), options_);
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.error().message, HasSubstr("503"));
}

TEST_F(BundleDownloadTest, RefusesARedirectToAFileUrl) {
  auto file = download_bundle(url("/to-file"), dest(), options_);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::FetchFailed);
  EXPECT_THAT(file.error().message, HasSubstr("refused"));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(BundleDownloadTest, StopsARedirectLoop) {
  auto file = download_bundle(url("/loop"), dest(), options_);
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.error().message, HasSubstr("redirects"));
}

TEST_F(BundleDownloadTest, RefusesAnOversizedBodyByContentLength) {
  options_.max_bytes = 1 << 20;
  auto file = download_bundle(url("/big"), dest(), options_);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::InvalidBundle);
  EXPECT_THAT(file.error().message, HasSubstr("limit"));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(BundleDownloadTest, RefusesAnOversizedBodyAsItArrives) {
  options_.max_bytes = 1 << 20;
  auto file = download_bundle(url("/big-chunked"), dest(), options_);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::InvalidBundle);
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(BundleDownloadTest, CancelStopsASlowBody) {
  std::atomic<bool> cancelled{false};
  options_.cancelled = &cancelled;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancelled = true;
  });
  auto started = std::chrono::steady_clock::now();
  auto file = download_bundle(url("/slow"), dest(), options_);
  auto elapsed = std::chrono::steady_clock::now() - started;
  canceller.join();
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::Cancelled);
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_FALSE(fs::exists(dest()));
}

TEST_F(BundleDownloadTest, TimesOutASlowBody) {
  options_.timeout = std::chrono::seconds(1);
  auto file = download_bundle(url("/slow"), dest(), options_);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::TimedOut);
}

TEST_F(BundleDownloadTest, CredentialsNeverAppearInErrorsOrLogs) {
  std::string secret_url = "http://deploy:s3cr3t@127.0.0.1:" + std::to_string(port_) + "/missing";
  auto file = download_bundle(secret_url, dest(), options_);
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.error().message, Not(HasSubstr("s3cr3t")));
  ASSERT_FALSE(log_.empty());
  for (const auto& line : log_) EXPECT_THAT(line, Not(HasSubstr("s3cr3t")));
}

TEST_F(BundleDownloadTest, RefusesUrlsThatAreNotHttp) {
  for (std::string bad : {"file:///etc/passwd", "ftp://127.0.0.1/x.tar.gz", "gopher://127.0.0.1/", "not a url",
                          "http://", "", "http://127.0.0.1/a b", "http://127.0.0.1/a\nb", "scp://host/x"}) {
    auto file = download_bundle(bad, dest(), options_);
    ASSERT_FALSE(file.ok()) << bad;
    EXPECT_EQ(file.error().code, ErrorCode::InvalidSource) << bad;
    EXPECT_FALSE(fs::exists(dest()));
  }
}

TEST_F(BundleDownloadTest, PlainHttpCanBeRefused) {
  options_.allow_plain_http = false;
  auto file = download_bundle(url("/bundle.tar.gz"), dest(), options_);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::InvalidSource);
  EXPECT_THAT(validate_bundle_url("https://example.com/app.tar.gz").ok(), true);
}

}  // namespace
}  // namespace kiln
