#include "runners/docker_runner.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "runners/build_context.hpp"
#include "runners/build_message_parser.hpp"

namespace kiln {
namespace {

// The user's .dockerignore plus the two files the engine should read but not copy into the image.
std::string dockerignore_with_generated(const std::string& context_dir) {
  std::ifstream in(std::filesystem::path(context_dir) / ".dockerignore");
  std::stringstream text;
  if (in) text << in.rdbuf() << "\n";
  text << kGeneratedDockerfileName << "\n.dockerignore\n";
  return text.str();
}

sdk::BuildResult failed(std::string message, std::chrono::steady_clock::time_point started) {
  sdk::BuildResult result;
  result.error = std::move(message);
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return result;
}

}  // namespace

std::string build_query(const sdk::BuildRequest& request, const std::string& dockerfile_in_context) {
  std::string q = "/build?rm=1&forcerm=1&dockerfile=" + url_encode(dockerfile_in_context);
  for (const auto& tag : request.tags) q += "&t=" + url_encode(tag);
  if (request.target) q += "&target=" + url_encode(*request.target);
  if (!request.build_args.empty()) q += "&buildargs=" + url_encode(nlohmann::json(request.build_args).dump());
  if (!request.labels.empty()) q += "&labels=" + url_encode(nlohmann::json(request.labels).dump());
  if (request.platform) q += "&platform=" + url_encode(*request.platform);
  if (!request.network.empty() && request.network != "default") q += "&networkmode=" + url_encode(request.network);
  if (request.memory_bytes) q += "&memory=" + std::to_string(*request.memory_bytes) + "&memswap=-1";
  if (request.cpus) {
    constexpr long period = 100000;
    q += "&cpuperiod=" + std::to_string(period) + "&cpuquota=" + std::to_string(std::lround(*request.cpus * period));
  }
  if (request.no_cache) q += "&nocache=1";
  return q;
}

sdk::BuildResult DockerRunner::build(const sdk::BuildRequest& request, const sdk::EventSink& events,
                                     const std::atomic<bool>& cancelled) {
  auto started = std::chrono::steady_clock::now();
  const bool generated = request.dockerfile_path.empty();
  const std::string dockerfile_name = generated ? kGeneratedDockerfileName : request.dockerfile_path;

  BuildContextStream::Options options;
  options.root = request.context_dir;
  if (generated) {
    options.dockerfile_name = kGeneratedDockerfileName;
    options.dockerfile_text = request.dockerfile;
    options.extra_files.emplace_back(".dockerignore", dockerignore_with_generated(request.context_dir));
  }
  for (const auto& [path, content] : request.extra_files) options.extra_files.emplace_back(path, content);
  auto stream = BuildContextStream::open(std::move(options));
  if (!stream) return failed("build context: " + stream.error().message, started);

  BuildMessageParser parser(events);
  LineSplitter lines([&](std::string_view line) { parser.feed_line(line); });
  HttpRequest http;
  http.method = "POST";
  http.path = engine_.versioned(build_query(request, dockerfile_name));
  http.headers = {"Content-Type: application/x-tar"};
  http.body_source = [&](char* buffer, std::size_t n) { return (*stream)->read(buffer, n); };
  http.on_data = [&](std::string_view chunk) { lines.feed(chunk); };
  http.cancelled = &cancelled;
  if (events) events({sdk::BuildEvent::Kind::Stage, "sending build context to " + engine_.info().kind});
  auto response = engine_.transport().send(http);
  lines.finish();

  if (!response) {
    if (response.error().code == ErrorCode::Cancelled) return failed("cancelled", started);
    return failed(response.error().message, started);
  }
  if (!response->ok()) return failed("the engine refused the build: " + engine_error_message(*response), started);
  if (parser.error()) {
    auto result = failed(*parser.error(), started);
    result.exit_code = parser.exit_code();
    return result;
  }
  if (parser.image_id().empty()) return failed("the engine finished without naming an image", started);

  sdk::BuildResult result;
  result.ok = true;
  result.image_id = parser.image_id();
  result.tags = request.tags;
  if (auto image = engine_.call("GET", "/images/" + url_encode(result.image_id) + "/json"); image)
    result.size_bytes = image->value("Size", std::int64_t{0});
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (events) events({sdk::BuildEvent::Kind::Done, "built " + result.image_id, 0, 0, 100.0});
  return result;
}

}  // namespace kiln
