#include "runners/helper_container.hpp"

#include <charconv>

#include "runners/container_client.hpp"

namespace kiln {
namespace {

std::optional<unsigned> parse_id(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

Error engine_failure(const std::string& doing, const Result<HttpResponse>& response) {
  if (!response) return response.error().with_context(doing);
  return Error{response->status == 404 ? ErrorCode::NotFound : ErrorCode::EngineError,
               doing + ": " + engine_error_message(*response)};
}

}  // namespace

Result<ContainerUser> parse_container_user(const std::string& user, const std::string& image) {
  if (user.empty()) return ContainerUser{};
  auto colon = user.find(':');
  auto uid = parse_id(std::string_view(user).substr(0, colon));
  auto gid = colon == std::string::npos ? uid : parse_id(std::string_view(user).substr(colon + 1));
  if (!uid || !gid)
    return Error{ErrorCode::InvalidConfig, "helper image " + image + " runs as user '" + user +
                                             "'; give it a numeric USER (uid:gid, e.g. USER 10001:10001) so kiln "
                                             "can hand the app's files to that user"};
  return ContainerUser{*uid, *gid};
}

nlohmann::json helper_create_body(const HelperContainerSpec& spec) {
  nlohmann::json env = nlohmann::json::array({"DOCKER_HOST=" + spec.engine.describe()});
  nlohmann::json host{{"NetworkMode", "host"},
                      // An init as PID 1 passes SIGTERM on to kiln, whose handler
                      // cancels the build on the engine; kiln as PID 1 would not
                      // get the signal before its handler is installed.
                      {"Init", true}};
  if (spec.engine.kind == EngineEndpoint::Kind::Unix)
    host["Binds"] = nlohmann::json::array({spec.engine.socket_path + ":" + spec.engine.socket_path});
  if (spec.socket_group) host["GroupAdd"] = nlohmann::json::array({std::to_string(*spec.socket_group)});
  return {{"Image", spec.image},
          {"Entrypoint", nlohmann::json::array({"kiln"})},
          {"Cmd", spec.command},
          {"Env", env},
          {"Labels", {{kManagedLabel, "true"}, {kRoleLabel, kHelperRole}}},
          {"HostConfig", host}};
}

Result<HelperContainer> HelperContainer::create(const DockerEngine& engine, const HelperContainerSpec& spec) {
  auto created = engine.call("POST", "/containers/create", helper_create_body(spec));
  if (!created) return created.error().with_context("creating the helper container from " + spec.image);
  auto id = created->value("Id", "");
  if (id.empty()) return Error{ErrorCode::EngineError, "the engine created the helper container without naming it"};
  return HelperContainer(engine, std::move(id));
}

HelperContainer::HelperContainer(HelperContainer&& other) noexcept
    : engine_(other.engine_), id_(std::exchange(other.id_, std::string())) {}

HelperContainer::~HelperContainer() { (void)remove(); }

Status HelperContainer::remove() {
  if (id_.empty()) return Ok{};
  auto removed = ContainerClient(*engine_).remove(id_);
  if (!removed) return removed.error().with_context("removing helper container " + id_.substr(0, 12));
  id_.clear();
  return Ok{};
}

Status HelperContainer::put_archive(const std::string& folder,
                                    std::function<Result<std::size_t>(char*, std::size_t)> tar,
                                    const std::atomic<bool>* cancelled) const {
  HttpRequest request;
  request.method = "PUT";
  request.path = engine_->versioned("/containers/" + url_encode(id_) + "/archive?path=" + url_encode(folder));
  request.headers = {"Content-Type: application/x-tar"};
  request.body_source = std::move(tar);
  request.cancelled = cancelled;
  auto response = engine_->transport().send(request);
  if (!response || !response->ok()) return engine_failure("copying files to " + folder + " in the helper", response);
  return Ok{};
}

Status HelperContainer::start() const {
  if (auto started = ContainerClient(*engine_).start(id_); !started)
    return started.error().with_context("starting the helper container");
  return Ok{};
}

Status HelperContainer::signal(const std::string& name) const {
  auto sent = engine_->call("POST", "/containers/" + url_encode(id_) + "/kill?signal=" + url_encode(name));
  // 409: it is not running any more, which is what the signal was for.
  if (!sent && sent.error().message.find("is not running") == std::string::npos) return sent.error();
  return Ok{};
}

Status HelperContainer::follow_output(const LogFrameSplitter::Sink& sink, const std::atomic<bool>& stop) const {
  LogFrameSplitter frames(sink);
  std::string head;  // the start of the body, for the message should the engine refuse
  HttpRequest request;
  request.path = engine_->versioned("/containers/" + url_encode(id_) + "/logs?follow=1&stdout=1&stderr=1");
  request.on_data = [&](std::string_view chunk) {
    if (head.size() < 4096) head.append(chunk.substr(0, 4096 - head.size()));
    frames.feed(chunk);
  };
  request.cancelled = &stop;
  auto response = engine_->transport().send(request);
  if (response && !response->ok()) response->body = head;
  if (!response || !response->ok()) return engine_failure("following the helper's output", response);
  if (frames.malformed()) return Error{ErrorCode::EngineError, "the helper's output is not the engine's framed stream"};
  return Ok{};
}

Result<int> HelperContainer::wait(const std::atomic<bool>& stop) const {
  HttpRequest request;
  request.method = "POST";
  request.path = engine_->versioned("/containers/" + url_encode(id_) + "/wait?condition=not-running");
  request.cancelled = &stop;
  auto response = engine_->transport().send(request);
  if (!response || !response->ok()) return engine_failure("waiting for the helper container", response);
  auto body = nlohmann::json::parse(response->body, nullptr, false);
  if (!body.is_object() || !body.contains("StatusCode") || !body["StatusCode"].is_number_integer())
    return Error{ErrorCode::EngineError, "waiting for the helper container: the engine gave no exit code"};
  if (body.contains("Error") && body["Error"].is_object() && !body["Error"].value("Message", "").empty())
    return Error{ErrorCode::EngineError, "waiting for the helper container: " + body["Error"].value("Message", "")};
  return body["StatusCode"].get<int>();
}

}  // namespace kiln
